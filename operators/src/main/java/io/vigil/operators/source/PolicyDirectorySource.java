package io.vigil.operators.source;

import io.vigil.models.policy.PolicyError;
import io.vigil.models.policy.PolicyLoader;
import io.vigil.operators.control.PolicyBundle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.api.functions.source.RichSourceFunction;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits the policy folder as a {@link PolicyBundle}: once at start, then (when {@code
 * reloadIntervalMs > 0}) again every time its content changes. With interval 0 the source is
 * bounded and finishes after the first bundle. Validation is the consumer's job ({@link
 * io.vigil.operators.control.ParsePoliciesFunction}), so an invalid folder is still emitted — and
 * rejected and reported there. Run it with parallelism 1. (Legacy SourceFunction: it has no splits
 * and no state; the bundle revision is the content hash.)
 */
public class PolicyDirectorySource extends RichSourceFunction<PolicyBundle> {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyDirectorySource.class);

  private final String dir;
  private final long reloadIntervalMs;
  private volatile boolean running = true;

  public PolicyDirectorySource(String dir, long reloadIntervalMs) {
    this.dir = dir;
    this.reloadIntervalMs = reloadIntervalMs;
  }

  @Override
  public void run(SourceContext<PolicyBundle> ctx) throws Exception {
    String last = null;
    // Policies carry no event time: never hold back the watermark of the operators they feed
    // (detection's idle and month-end timers), even while this source keeps watching the folder.
    ctx.emitWatermark(Watermark.MAX_WATERMARK);
    while (running) {
      List<PolicyError> errors = new ArrayList<>();
      Map<String, String> files = PolicyLoader.readTexts(Path.of(dir), errors);
      if (!errors.isEmpty()) {
        LOG.warn("cannot read policy folder {}: {}", dir, errors);
      } else {
        String revision = hash(files);
        if (!revision.equals(last)) {
          synchronized (ctx.getCheckpointLock()) {
            ctx.collect(new PolicyBundle(revision, files));
          }
          last = revision;
        }
      }
      if (reloadIntervalMs <= 0) return;
      Thread.sleep(Math.max(reloadIntervalMs, 1000));
    }
  }

  @Override
  public void cancel() {
    running = false;
  }

  static String hash(Map<String, String> files) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (Map.Entry<String, String> e : new TreeMap<>(files).entrySet()) {
      md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      md.update(e.getValue().getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
    }
    return HexFormat.of().formatHex(md.digest()).substring(0, 16);
  }
}
