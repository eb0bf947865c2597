package io.vigil.operators.sink;

import io.vigil.models.finding.Finding;
import java.io.PrintStream;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/** Prints one readable line per finding on standard output: the demo's console view. */
public class FindingConsoleSink implements Sink<Finding> {
  private static final long serialVersionUID = 1L;

  @Override
  @SuppressWarnings("deprecation")
  public SinkWriter<Finding> createWriter(InitContext context) {
    return new Writer(System.out);
  }

  @Override
  public SinkWriter<Finding> createWriter(WriterInitContext context) {
    return new Writer(System.out);
  }

  private record Writer(PrintStream out) implements SinkWriter<Finding> {
    @Override
    public void write(Finding f, Context context) {
      out.println(f.toLine());
    }

    @Override
    public void flush(boolean endOfInput) {
      out.flush();
    }

    @Override
    public void close() {
      out.flush();
    }
  }
}
