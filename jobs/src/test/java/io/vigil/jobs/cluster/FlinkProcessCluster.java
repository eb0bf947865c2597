package io.vigil.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.models.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A real standalone Flink session cluster of separate JVMs: one JobManager ({@code
 * StandaloneSessionClusterEntrypoint}) and any number of TaskManagers ({@code TaskManagerRunner}),
 * started from exactly the jobs module's {@code provided} classpath ({@code the
 * testkit/flink-cluster module's classpath}), each logging to its own file. Jobs are submitted,
 * watched, stopped and restored through the REST API only, as an operator would.
 */
public final class FlinkProcessCluster implements AutoCloseable {
  /** The JVM options Flink's own scripts pass on Java 17 ({@code env.java.default-opts.all}). */
  private static final List<String> JAVA_17_OPTS =
      List.of(
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  private static final String LOG4J =
      String.join(
          "\n",
          "monitorInterval = 0",
          "rootLogger.level = INFO",
          "rootLogger.appenderRef.file.ref = MainAppender",
          "appender.main.name = MainAppender",
          "appender.main.type = File",
          "appender.main.append = true",
          "appender.main.fileName = ${sys:log.file}",
          "appender.main.layout.type = PatternLayout",
          "appender.main.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
          "logger.pekko.name = org.apache.pekko",
          "logger.pekko.level = WARN",
          "logger.netty.name = org.apache.flink.shaded.netty4",
          "logger.netty.level = WARN",
          "logger.zookeeper.name = org.apache.zookeeper",
          "logger.zookeeper.level = WARN",
          "logger.es.name = org.elasticsearch",
          "logger.es.level = WARN",
          "logger.http.name = org.apache.http",
          "logger.http.level = WARN",
          "");

  /** A TaskManager process and its resource id (as shown in {@code /taskmanagers}). */
  public static final class TaskManager {
    public final String resourceId;
    final Process process;
    final Path log;
    final Path out;

    TaskManager(String resourceId, Process process, Path log, Path out) {
      this.resourceId = resourceId;
      this.process = process;
      this.log = log;
      this.out = out;
    }

    public boolean isAlive() {
      return process.isAlive();
    }
  }

  private final Path base;
  private final Path confDir;
  private final Map<String, String> flinkConf;
  private final String classpath;
  private final int restPort;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<TaskManager> taskManagers = new ArrayList<>();
  private final List<Path> logs = new ArrayList<>();
  private Process jobManager;
  private int nextTaskManager = 1;

  private FlinkProcessCluster(Path base, String classpath) throws IOException {
    this.base = base;
    this.classpath = classpath;
    this.confDir = Files.createDirectories(base.resolve("conf"));
    Files.createDirectories(base.resolve("log"));
    this.restPort = freePort();
    Map<String, String> c = new LinkedHashMap<>();
    c.put("jobmanager.rpc.address", "localhost");
    c.put("jobmanager.rpc.port", String.valueOf(freePort()));
    c.put("jobmanager.bind-host", "localhost");
    c.put("taskmanager.bind-host", "localhost");
    c.put("taskmanager.host", "localhost");
    c.put("rest.address", "localhost");
    c.put("rest.bind-address", "localhost");
    c.put("rest.port", String.valueOf(restPort));
    c.put("taskmanager.numberOfTaskSlots", "2");
    c.put("parallelism.default", "1");
    c.put("taskmanager.memory.process.size", "1200m");
    c.put("taskmanager.memory.managed.fraction", "0.25");
    c.put("jobmanager.memory.process.size", "768m");
    c.put("restart-strategy.type", "fixed-delay");
    c.put("restart-strategy.fixed-delay.attempts", "30");
    c.put("restart-strategy.fixed-delay.delay", "2 s");
    // A TaskManager killed with -9 is noticed within seconds (its RPC connection also drops).
    c.put("heartbeat.interval", "2000");
    c.put("heartbeat.timeout", "10000");
    c.put("state.backend.type", "rocksdb");
    c.put("state.checkpoints.dir", base.resolve("checkpoints").toUri().toString());
    c.put("state.savepoints.dir", base.resolve("savepoints").toUri().toString());
    c.put("web.upload.dir", Files.createDirectories(base.resolve("upload")).toString());
    c.put("io.tmp.dirs", Files.createDirectories(base.resolve("tmp")).toString());
    c.put("metrics.fetcher.update-interval", "1000");
    c.put("web.timeout", "120000");
    c.put("slot.request.timeout", "120000");
    this.flinkConf = c;
    Files.writeString(
        confDir.resolve("flink-conf.yaml"),
        c.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("\n"))
            + "\n");
    Files.writeString(confDir.resolve("log4j.properties"), LOG4J);
  }

  /**
   * Starts a JobManager and {@code taskManagers} TaskManagers under {@code base}, and waits until
   * the REST API reports all their slots.
   */
  public static FlinkProcessCluster start(Path base, int taskManagers) throws Exception {
    String resource = "vigil-testkit/flink-cluster.classpath";
    java.net.URL url = FlinkProcessCluster.class.getClassLoader().getResource(resource);
    if (url == null) throw new IllegalStateException("missing " + resource + " (build testkit/)");
    String classpath;
    try (java.io.InputStream in = url.openStream()) {
      classpath = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
    }
    FlinkProcessCluster cluster = new FlinkProcessCluster(base, classpath);
    try {
      cluster.startJobManager();
      for (int i = 0; i < taskManagers; i++) cluster.startTaskManager();
      cluster.awaitSlots(2 * taskManagers, Duration.ofMinutes(3));
      return cluster;
    } catch (Throwable t) {
      String logs = cluster.logTails();
      cluster.close();
      throw new IllegalStateException("cluster did not start: " + t + "\n" + logs, t);
    }
  }

  public String restUrl() {
    return "http://localhost:" + restPort;
  }

  public Path baseDir() {
    return base;
  }

  private Configuration configuration() {
    return Configuration.fromMap(flinkConf);
  }

  private void startJobManager() throws IOException {
    JobManagerProcessSpec spec =
        JobManagerProcessUtils.processSpecFromConfigWithNewOptionToInterpretLegacyHeap(
            configuration(), JobManagerOptions.JVM_HEAP_MEMORY);
    List<String> jvm =
        split(JobManagerProcessUtils.generateJvmParametersStr(spec, configuration()));
    List<String> dynamic = split(JobManagerProcessUtils.generateDynamicConfigsStr(spec));
    jobManager =
        launch(
            "jobmanager",
            jvm,
            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
            dynamic);
  }

  /** Starts one more TaskManager with resource id {@code tm-N}; does not wait for it. */
  public TaskManager startTaskManager() throws IOException {
    TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(configuration());
    List<String> jvm = split(ProcessMemoryUtils.generateJvmParametersStr(spec));
    String id = "tm-" + nextTaskManager++;
    List<String> dynamic =
        new ArrayList<>(split(TaskExecutorProcessUtils.generateDynamicConfigsStr(spec)));
    dynamic.add("-D");
    dynamic.add("taskmanager.resource-id=" + id);
    Process p = launch(id, jvm, "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", dynamic);
    TaskManager tm =
        new TaskManager(
            id, p, base.resolve("log/" + id + ".log"), base.resolve("log/" + id + ".out"));
    taskManagers.add(tm);
    return tm;
  }

  private Process launch(String name, List<String> jvm, String mainClass, List<String> args)
      throws IOException {
    Path log = base.resolve("log/" + name + ".log");
    Path out = base.resolve("log/" + name + ".out");
    logs.add(log);
    logs.add(out);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvm);
    cmd.addAll(JAVA_17_OPTS);
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-Daws.cborEnabled=false");
    cmd.add("-Dcom.amazonaws.sdk.disableCbor=true");
    cmd.add("-Dlog.file=" + log);
    cmd.add("-Dlog4j.configurationFile=" + confDir.resolve("log4j.properties").toUri());
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(mainClass);
    cmd.add("--configDir");
    cmd.add(confDir.toString());
    cmd.addAll(args);
    Files.writeString(out, String.join(" ", cmd) + "\n");
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
        .start();
  }

  private static List<String> split(String s) {
    return Arrays.stream(s.trim().split("\\s+")).filter(t -> !t.isEmpty()).toList();
  }

  /** Kills a TaskManager like the OOM killer would: SIGKILL, no shutdown hooks. */
  public void killForcibly(TaskManager tm) throws InterruptedException {
    tm.process.destroyForcibly();
    if (!tm.process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(tm.resourceId + " did not die");
    }
  }

  public List<TaskManager> taskManagers() {
    return List.copyOf(taskManagers);
  }

  // ---------------------------------------------------------------------------------------------
  // REST

  public JsonNode get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  public JsonNode post(String path, JsonNode body) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body))));
  }

  private URI uri(String path) {
    return URI.create(restUrl() + path);
  }

  private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            request.timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IOException(
          r.request().method()
              + " "
              + r.request().uri()
              + " -> "
              + r.statusCode()
              + ": "
              + r.body());
    }
    return r.body().isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(r.body());
  }

  /** Waits until {@code /overview} reports at least {@code slots} slots in total. */
  public void awaitSlots(int slots, Duration timeout) throws Exception {
    await(
        "at least " + slots + " task slots",
        timeout,
        () -> get("/overview").path("slots-total").asInt() >= slots);
  }

  /** Waits until the TaskManager is registered with the resource manager. */
  public void awaitRegistered(TaskManager tm, Duration timeout) throws Exception {
    await(
        tm.resourceId + " registered",
        timeout,
        () -> {
          for (JsonNode t : get("/taskmanagers").path("taskmanagers")) {
            if (tm.resourceId.equals(t.path("id").asText())) return true;
          }
          return false;
        });
  }

  /** Uploads a job jar ({@code POST /jars/upload}); returns its jar id. */
  public String uploadJar(Path jar) throws IOException, InterruptedException {
    String boundary = "vigil-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName()
                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.write(Files.readAllBytes(jar));
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    JsonNode r =
        send(
            HttpRequest.newBuilder(uri("/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    if (!"success".equals(r.path("status").asText())) {
      throw new IOException("upload failed: " + r);
    }
    return Path.of(r.path("filename").asText()).getFileName().toString();
  }

  /**
   * Runs an uploaded jar's main class ({@code POST /jars/<id>/run}); returns the job id.
   *
   * @param savepoint savepoint or retained checkpoint to restore, or null
   */
  public String run(String jarId, List<String> programArgs, int parallelism, String savepoint)
      throws IOException, InterruptedException {
    ObjectNode body = Json.MAPPER.createObjectNode();
    programArgs.forEach(body.putArray("programArgsList")::add);
    body.put("parallelism", parallelism);
    if (savepoint != null) body.put("savepointPath", savepoint);
    body.put("allowNonRestoredState", false);
    return post("/jars/" + jarId + "/run", body).path("jobid").asText();
  }

  public String state(String jobId) throws IOException, InterruptedException {
    return get("/jobs/" + jobId).path("state").asText();
  }

  public long completedCheckpoints(String jobId) throws IOException, InterruptedException {
    return get("/jobs/" + jobId + "/checkpoints").at("/counts/completed").asLong();
  }

  /** Restarts of the job so far (the {@code numRestarts} job metric). */
  public long restarts(String jobId) throws IOException, InterruptedException {
    for (JsonNode m : get("/jobs/" + jobId + "/metrics?get=numRestarts")) {
      if ("numRestarts".equals(m.path("id").asText())) return m.path("value").asLong();
    }
    return -1;
  }

  /** Waits for one of the given job states; fails fast on FAILED/CANCELED if not among them. */
  public void awaitState(String jobId, Duration timeout, String... states) throws Exception {
    List<String> wanted = List.of(states);
    String[] last = {""};
    await(
        "job " + jobId + " in " + wanted,
        timeout,
        () -> {
          last[0] = state(jobId);
          if (!wanted.contains(last[0]) && List.of("FAILED", "CANCELED").contains(last[0])) {
            throw new IllegalStateException(
                "job "
                    + jobId
                    + " is "
                    + last[0]
                    + ": "
                    + get("/jobs/" + jobId + "/exceptions").path("root-exception").asText());
          }
          return wanted.contains(last[0]);
        });
  }

  /** Waits until the job has completed at least {@code n} checkpoints. */
  public void awaitCheckpoints(String jobId, long n, Duration timeout) throws Exception {
    await(
        n + " completed checkpoints of " + jobId,
        timeout,
        () -> {
          String s = state(jobId);
          if (!"RUNNING".equals(s)) throw new IllegalStateException("job is " + s);
          return completedCheckpoints(jobId) >= n;
        });
  }

  /**
   * Stop-with-savepoint ({@code POST /jobs/<id>/stop}, no drain); waits for the savepoint and
   * returns its location.
   */
  public String stopWithSavepoint(String jobId, Path targetDirectory, Duration timeout)
      throws Exception {
    return stopWithSavepoint(jobId, targetDirectory, timeout, false);
  }

  /**
   * Stop-with-savepoint; with {@code drain} the sources emit the final watermark first, so every
   * event-time timer fires (all open windows and buckets are emitted) before the job finishes.
   */
  public String stopWithSavepoint(
      String jobId, Path targetDirectory, Duration timeout, boolean drain) throws Exception {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("targetDirectory", targetDirectory.toUri().toString());
    body.put("drain", drain);
    String trigger = post("/jobs/" + jobId + "/stop", body).path("request-id").asText();
    String[] location = {null};
    await(
        "savepoint " + trigger + " of " + jobId,
        timeout,
        () -> {
          JsonNode r = get("/jobs/" + jobId + "/savepoints/" + trigger);
          if (!"COMPLETED".equals(r.at("/status/id").asText())) return false;
          JsonNode op = r.path("operation");
          if (op.has("failure-cause")) {
            throw new IllegalStateException("savepoint failed: " + op.path("failure-cause"));
          }
          location[0] = op.path("location").asText();
          return true;
        });
    return location[0];
  }

  public void cancel(String jobId) throws IOException, InterruptedException {
    send(
        HttpRequest.newBuilder(uri("/jobs/" + jobId + "?mode=cancel"))
            .method("PATCH", HttpRequest.BodyPublishers.noBody()));
  }

  /** Vertex id of the first vertex whose name contains {@code namePart}. */
  public String vertexId(String jobId, String namePart) throws Exception {
    for (JsonNode v : get("/jobs/" + jobId).path("vertices")) {
      if (v.path("name").asText().contains(namePart)) return v.path("id").asText();
    }
    throw new IllegalStateException("no vertex named *" + namePart + "* in job " + jobId);
  }

  /** Resource ids of the TaskManagers running subtasks of the vertex. */
  public List<String> taskManagersOf(String jobId, String vertexId) throws Exception {
    List<String> ids = new ArrayList<>();
    for (JsonNode tm :
        get("/jobs/" + jobId + "/vertices/" + vertexId + "/taskmanagers").path("taskmanagers")) {
      ids.add(tm.path("taskmanager-id").asText());
    }
    return ids;
  }

  /**
   * The vertex's metrics (all subtasks) whose names satisfy {@code filter}, with their values:
   * {@code /jobs/<id>/vertices/<vid>/metrics?get=...}.
   */
  public Map<String, String> vertexMetrics(String jobId, String vertexId, Predicate<String> filter)
      throws Exception {
    String path = "/jobs/" + jobId + "/vertices/" + vertexId + "/metrics";
    List<String> names = new ArrayList<>();
    for (JsonNode m : get(path)) {
      if (filter.test(m.path("id").asText())) names.add(m.path("id").asText());
    }
    Map<String, String> values = new LinkedHashMap<>();
    if (names.isEmpty()) return values;
    for (JsonNode m : get(path + "?get=" + String.join(",", names))) {
      values.put(m.path("id").asText(), m.path("value").asText());
    }
    return values;
  }

  // ---------------------------------------------------------------------------------------------

  /** A condition checked once a second; exceptions other than connection errors propagate. */
  public interface Condition {
    boolean holds() throws Exception;
  }

  public static void await(String what, Duration timeout, Condition condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception lastIo = null;
    while (System.nanoTime() < deadline) {
      try {
        if (condition.holds()) return;
      } catch (IOException e) {
        lastIo = e; // REST not up yet, or a transient error while the JobManager is busy
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException(
        "timed out after "
            + timeout
            + " waiting for "
            + what
            + (lastIo == null ? "" : ": " + lastIo));
  }

  /** The last lines of every JobManager/TaskManager log, for assertion messages. */
  public String logTails() {
    StringBuilder sb = new StringBuilder();
    for (Path log : logs) {
      sb.append("\n===== ").append(log).append(" (last 60 lines) =====\n");
      try {
        if (Files.exists(log)) {
          List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
          sb.append(String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
        }
      } catch (IOException | RuntimeException e) {
        sb.append("(unreadable: ").append(e).append(")");
      }
    }
    return sb.toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    List<Process> all = new ArrayList<>();
    taskManagers.forEach(t -> all.add(t.process));
    if (jobManager != null) all.add(jobManager);
    for (Process p : all) p.destroy();
    for (Process p : all) {
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
