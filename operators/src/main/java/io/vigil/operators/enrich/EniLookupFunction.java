package io.vigil.operators.enrich;

import io.vigil.aws.AwsAccess;
import io.vigil.aws.AwsClients;
import io.vigil.models.event.TelemetryEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Async I/O step that attributes still-unattributed flows through {@link EniDirectory} (EC2
 * DescribeNetworkInterfaces, cached and rate-limited). Everything else passes straight through; a
 * flow whose ENI stays unknown keeps its ENI key and is profiled per ENI.
 */
public class EniLookupFunction extends RichAsyncFunction<TelemetryEvent, TelemetryEvent> {
  public static final String UID = "lookup-eni-owners";
  public static final String NAME = "Attribute flows via EC2 (async, cached)";

  private final String region;
  private final String endpoint;
  private final Duration ttl;
  private final double permitsPerSecond;

  private transient EniDirectory directory;
  private transient ExecutorService executor;
  private transient Counter lookups;

  public EniLookupFunction(String region, String endpoint, Duration ttl, double permitsPerSecond) {
    this.region = region;
    this.endpoint = endpoint;
    this.ttl = ttl;
    this.permitsPerSecond = permitsPerSecond;
  }

  @Override
  public void open(OpenContext openContext) {
    directory =
        new EniDirectory(
            AwsClients.create(Ec2Client.builder(), AwsAccess.of(region, endpoint)),
            ttl,
            10_000,
            permitsPerSecond);
    executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "eni-lookup"));
    lookups = getRuntimeContext().getMetricGroup().counter("eniLookups");
    getRuntimeContext().getMetricGroup().gauge("ec2Calls", () -> directory.calls());
  }

  @Override
  public void asyncInvoke(TelemetryEvent e, ResultFuture<TelemetryEvent> result) {
    if (e.flow == null || e.flow.functionName != null || e.flow.interfaceId == null) {
      result.complete(List.of(e));
      return;
    }
    lookups.inc();
    CompletableFuture.supplyAsync(
            () -> directory.lookup(e.flow.interfaceId, System.currentTimeMillis()), executor)
        .whenComplete(
            (function, error) -> {
              if (error == null && function.isPresent()) {
                e.flow.functionName = function.get();
                result.complete(List.of(TelemetryEvent.of(e.flow)));
              } else {
                result.complete(List.of(e));
              }
            });
  }

  @Override
  public void timeout(TelemetryEvent e, ResultFuture<TelemetryEvent> result) {
    result.complete(List.of(e)); // never drop a flow because EC2 was slow
  }

  @Override
  public void close() {
    if (executor != null) executor.shutdownNow();
    if (directory != null) directory.close();
  }
}
