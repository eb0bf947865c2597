package io.vigil.operators.control;

import io.vigil.models.policy.PolicySet;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * A complete snapshot of the policy folder (file name -> YAML text), as broadcast to the job.
 * Always the whole folder, never a delta: a bundle is applied entirely or rejected entirely. The
 * folder source emits it unparsed; {@link ParsePoliciesFunction} parses and validates it once and
 * passes it on with its typed {@link #set}, so consumers never parse. A Flink POJO whose fields are
 * declared explicitly (no Kryo).
 */
@TypeInfo(PolicyBundle.TypeFactory.class)
public class PolicyBundle {
  /** Source revision (content hash, or a git commit), for reports. */
  public String revision;

  public Map<String, String> files = new HashMap<>();

  /** The files parsed and validated; null until {@link ParsePoliciesFunction} has done so. */
  public PolicySet set;

  public PolicyBundle() {}

  public PolicyBundle(String revision, Map<String, String> files) {
    this.revision = revision;
    this.files = new HashMap<>(files);
  }

  /** POJO type with {@code files} as a MapTypeInfo and {@code set} as {@link PolicySetTypeInfo}. */
  public static final class TypeFactory extends TypeInfoFactory<PolicyBundle> {
    @Override
    public TypeInformation<PolicyBundle> createTypeInfo(
        Type t, Map<String, TypeInformation<?>> genericParameters) {
      Map<String, TypeInformation<?>> fields = new HashMap<>();
      fields.put("revision", Types.STRING);
      fields.put("files", Types.MAP(Types.STRING, Types.STRING));
      fields.put("set", new PolicySetTypeInfo());
      return Types.POJO(PolicyBundle.class, fields);
    }
  }
}
