package io.vigil.operators.action;

import java.util.HashMap;
import java.util.Map;

/**
 * A complete snapshot of the policy folder (file name -> YAML text), as broadcast to the job.
 * Always the whole folder, never a delta: a bundle is applied entirely or rejected entirely.
 */
public class PolicyBundle {
  /** Source revision (e.g. git commit or content hash), for reports. */
  public String revision;

  public Map<String, String> files = new HashMap<>();

  public PolicyBundle() {}

  public PolicyBundle(String revision, Map<String, String> files) {
    this.revision = revision;
    this.files = new HashMap<>(files);
  }
}
