package io.vigil.operators.source;

import io.vigil.models.policy.PolicyError;
import io.vigil.models.policy.PolicyLoader;
import io.vigil.operators.control.PolicyBundle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The policy folder as a {@link PolicyBundle}, emitted when its content hash changes. */
final class PolicyFolder implements FolderSource.Reader<PolicyBundle> {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyFolder.class);

  private String lastRevision;

  @Override
  public List<PolicyBundle> poll(Path dir) {
    List<PolicyError> errors = new ArrayList<>();
    Map<String, String> files = PolicyLoader.readTexts(dir, errors);
    if (!errors.isEmpty()) {
      LOG.warn("cannot read policy folder {}: {}", dir, errors);
      return List.of();
    }
    String revision = hash(files);
    if (revision.equals(lastRevision)) return List.of();
    lastRevision = revision;
    return List.of(new PolicyBundle(revision, files));
  }

  /** The bundle's revision: a hash of the file names and contents, in name order. */
  static String hash(Map<String, String> files) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JVM has SHA-256
    }
    for (Map.Entry<String, String> e : new TreeMap<>(files).entrySet()) {
      md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      md.update(e.getValue().getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
    }
    return HexFormat.of().formatHex(md.digest()).substring(0, 16);
  }
}
