package io.vigil.operators.combine;

import io.vigil.models.event.Invocation;
import io.vigil.models.event.TelemetryEvent;
import io.vigil.models.profile.InvocationRun;
import io.vigil.models.profile.PriceTable;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The first step of {@link ProfileCombiner}'s fold, done per record on the thread that decoded it:
 * a function's invocations of one bucket in a record become one event (the first invocation, the
 * rest as {@link TelemetryEvent#followers}, the run they fold to as {@link TelemetryEvent#folded}).
 * The source thread then passes and combines one event per function and bucket of a record instead
 * of one per invocation (round 24: that per-event path was a third of the source thread, whose
 * bursts of it starved the decode threads).
 *
 * <p>A group ends where the combiner's run would: at the function's next bucket or billing row. The
 * group stands where its first invocation stood, so the combiner sees the function's events in the
 * order it would have (flows and billing rows pass as they are), and computes what it computed for
 * the events one by one.
 */
public final class RecordFold implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long bucketMs;
  private final PriceTable prices;

  public RecordFold(long bucketMs, PriceTable prices) {
    if (bucketMs <= 0) throw new IllegalArgumentException("bucket size must be positive");
    this.bucketMs = bucketMs;
    this.prices = prices;
  }

  /** A record's events with each function's invocations grouped; the array itself if none join. */
  public TelemetryEvent[] apply(TelemetryEvent[] events) {
    if (events.length < 2) return fold(events);
    Map<String, Group> open = new HashMap<>(4);
    List<Object> out = new ArrayList<>(events.length);
    boolean joined = false;
    for (TelemetryEvent e : events) {
      if (groupable(e)) {
        long start = bucketStart(e.timestamp);
        Group g = open.get(e.key);
        if (g != null && g.start == start) {
          g.add(e);
          joined = true;
          continue;
        }
        g = new Group(e, start);
        open.put(e.key, g);
        out.add(g);
      } else {
        // The combiner's runs end at a billing row; an invocation left alone must keep its place
        // among the function's invocations, so nothing later joins a group before it.
        if (e.flow == null) open.remove(e.key);
        out.add(e);
      }
    }
    if (!joined) return fold(events);
    TelemetryEvent[] result = new TelemetryEvent[out.size()];
    for (int k = 0; k < result.length; k++) {
      result[k] = out.get(k) instanceof Group g ? g.event(this) : (TelemetryEvent) out.get(k);
    }
    return result;
  }

  /** An invocation event as decoded: alone, at its invocation's time. */
  private static boolean groupable(TelemetryEvent e) {
    return e.invocation != null && e.followers == null && e.timestamp == e.invocation.timestamp;
  }

  /** Lone invocations get their one-invocation run too: the combiner then adds none itself. */
  private TelemetryEvent[] fold(TelemetryEvent[] events) {
    for (TelemetryEvent e : events) {
      if (e.invocation != null && e.folded == null) e.folded = run(e, bucketStart(e.timestamp));
    }
    return events;
  }

  long bucketStart(long timestamp) {
    return Math.floorDiv(timestamp, bucketMs) * bucketMs;
  }

  /** The run {@code e}'s invocations fold to, in bucket {@code start}. */
  InvocationRun run(TelemetryEvent e, long start) {
    InvocationRun run = new InvocationRun(start);
    run.add(e.invocation, e.timestamp, prices);
    if (e.followers != null) for (Invocation i : e.followers) run.add(i, i.timestamp, prices);
    return run;
  }

  /** One function's invocations of one bucket in a record, in order. */
  private static final class Group {
    final TelemetryEvent first;
    final long start;
    final List<Invocation> followers = new ArrayList<>();

    Group(TelemetryEvent first, long start) {
      this.first = first;
      this.start = start;
    }

    void add(TelemetryEvent e) {
      followers.add(e.invocation);
    }

    /** The first event, now carrying the others (decoded events are the fold's to change). */
    TelemetryEvent event(RecordFold fold) {
      if (!followers.isEmpty()) first.followers = followers.toArray(new Invocation[0]);
      first.folded = fold.run(first, start);
      return first;
    }
  }
}
