package io.vigil.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.jobs.options.SourceOptions;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files under deploy/ and docker/ (no Docker or AWS here) parse, and agree with the
 * code and the build: option keys, entry class, jar names, compose endpoints, IAM actions.
 */
class DeployFilesTest {
  /** Jar the shaded build must produce in jobs/target (the colleague's shade configuration). */
  static final String JOB_JAR = "vigil-job.jar";

  /** Jar the actuator build must produce in actuator/target, next to target/lib. */
  static final String ACTUATOR_JAR = "vigil-actuator.jar";

  static final String ACTUATOR_MAIN = "io.vigil.actuator.ActuatorMain";

  /**
   * Keys declared on branches not merged into this one yet (kinesis, es, actuator). A pending key
   * is accepted only while VigilOptions has no key of its group: once that branch is merged, the
   * real declarations are checked and a renamed key fails here.
   */
  static final Map<String, Set<String>> PENDING =
      Map.of(
          "vigil.kinesis.",
          Set.of(
              "lambda-stream",
              "flow-stream",
              "billing-stream",
              "region",
              "endpoint",
              "initial-position",
              "credentials"),
          "vigil.es.",
          Set.of("url", "index-prefix", "auth.secret-arn"),
          "vigil.remediation.",
          Set.of("stream", "region", "endpoint"));

  static final Pattern VIGIL_KEY =
      Pattern.compile("(?<![\\w.-])vigil\\.[a-z0-9-]+(?:\\.[a-z0-9-]+)*(?![\\w/])");

  /** The job's AWS calls, by feature: Kinesis source and remediation sink, ENI lookup, secrets. */
  static final Set<String> JOB_ACTIONS =
      Set.of(
          "kinesis:GetRecords",
          "kinesis:GetShardIterator",
          "kinesis:DescribeStream",
          "kinesis:ListShards",
          "kinesis:PutRecords",
          "ec2:DescribeNetworkInterfaces",
          "secretsmanager:GetSecretValue");

  /** Statements of the job policy that Managed Flink does not need (it owns checkpoint storage). */
  static final Set<String> SELF_MANAGED_ONLY =
      Set.of("CheckpointsAndSavepoints", "ListCheckpointBucket");

  static Path root;
  static Map<Path, List<Object>> parsed = new TreeMap<>();
  static Map<String, Object> flinkDeployment;
  static Map<String, Object> serviceAccount;
  static Map<String, Object> cloudFormation;
  static Map<String, Object> compose;
  static Map<String, Object> iamPolicy;

  @BeforeAll
  static void parseEverything() throws IOException {
    root = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(root.resolve("deploy")) || !Files.exists(root.resolve("mvnw"))) {
      root = root.getParent();
      assertThat(root).as("repository root with deploy/").isNotNull();
    }
    ObjectMapper json = new ObjectMapper();
    for (String dir : List.of("deploy", "docker")) {
      try (Stream<Path> files = Files.walk(root.resolve(dir))) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          String name = f.getFileName().toString();
          List<Object> docs = new ArrayList<>();
          if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            for (Object doc : new Yaml(new LoaderOptions()).loadAll(Files.readString(f))) {
              if (doc != null) docs.add(doc);
            }
          } else if (name.endsWith(".json")) {
            docs.add(json.readValue(f.toFile(), Object.class));
          } else {
            continue;
          }
          assertThat(docs).as("%s has content", f).isNotEmpty();
          parsed.put(root.relativize(f), docs);
        }
      }
    }
    for (Object doc : docs("deploy/kubernetes/flink-deployment.yaml")) {
      Map<String, Object> m = map(doc);
      if ("FlinkDeployment".equals(m.get("kind"))) flinkDeployment = m;
      if ("ServiceAccount".equals(m.get("kind"))) serviceAccount = m;
    }
    cloudFormation = map(docs("deploy/aws/managed-flink.yaml").get(0));
    compose = map(docs("docker/compose.yaml").get(0));
    iamPolicy = map(docs("deploy/iam/vigil-job-policy.json").get(0));
    assertThat(flinkDeployment).isNotNull();
    assertThat(serviceAccount).isNotNull();
  }

  // ---------------------------------------------------------------- option keys

  @Test
  void everyVigilKeyInTheManifestsIsAnOption() throws IOException {
    Map<String, Set<String>> used = new TreeMap<>();
    // FlinkDeployment: flinkConfiguration and --key program arguments.
    Map<String, Object> spec = map(flinkDeployment.get("spec"));
    Set<String> k8s = vigilKeys(map(spec.get("flinkConfiguration")).keySet());
    for (Object arg : list(map(spec.get("job")).get("args"))) {
      String a = String.valueOf(arg);
      if (a.startsWith("--")) k8s.add(a.substring(2));
    }
    used.put("FlinkDeployment", k8s);
    // Managed Flink property group.
    used.put("CloudFormation VigilConfig", vigilKeys(vigilPropertyMap().keySet()));
    // Compose FLINK_PROPERTIES of every Flink container.
    for (String service : List.of("jobmanager", "taskmanager")) {
      used.put("compose " + service, vigilKeys(flinkProperties(service).keySet()));
    }
    used.forEach((where, keys) -> assertThat(keys).as(where).isNotEmpty());
    // Plus anything that looks like a key anywhere (descriptions, comments excluded by parsing).
    Set<String> anywhere = new TreeSet<>();
    parsed.values().forEach(docs -> docs.forEach(d -> scanStrings(d, anywhere)));
    for (Path dockerfile : dockerfiles()) {
      Matcher m = VIGIL_KEY.matcher(Files.readString(dockerfile));
      while (m.find()) anywhere.add(m.group());
    }
    used.put("any deploy/docker file", anywhere);

    Set<String> known = VigilOptions.all().stream().map(ConfigOption::key).collect(toSet());
    used.forEach(
        (where, keys) -> {
          for (String key : keys) {
            assertThat(isKnown(key, known))
                .as("%s uses %s, which is not in VigilOptions.all() (./vigil options)", where, key)
                .isTrue();
          }
        });
  }

  @Test
  void everyManifestReadsFromKinesisAndWritesToElasticsearch() {
    Map<String, Object> k8s = map(map(flinkDeployment.get("spec")).get("flinkConfiguration"));
    assertThat(k8s).containsEntry("vigil.source", "kinesis").containsKey("vigil.es.url");
    assertThat(vigilPropertyMap()).containsEntry("vigil.source", "kinesis");
    assertThat(vigilPropertyMap()).containsKey("vigil.es.url");
    Map<String, String> props = flinkProperties("jobmanager");
    assertThat(props).containsEntry("vigil.source", "kinesis");
    assertThat(flinkProperties("taskmanager")).isEqualTo(props);
  }

  // ---------------------------------------------------------------- entry class and jars

  @Test
  void entryClassesExistWithAMain() throws Exception {
    Set<String> classes = new LinkedHashSet<>();
    classes.add((String) map(map(flinkDeployment.get("spec")).get("job")).get("entryClass"));
    List<Object> command = list(service("jobmanager").get("command"));
    int i = command.indexOf("--job-classname");
    assertThat(i).as("jobmanager --job-classname").isGreaterThanOrEqualTo(0);
    classes.add((String) command.get(i + 1));
    assertThat(classes).containsExactly("io.vigil.jobs.VigilJobMain");
    for (String name : classes) {
      Method main = Class.forName(name).getMethod("main", String[].class);
      assertThat(Modifier.isStatic(main.getModifiers())).as(name + ".main is static").isTrue();
    }
  }

  @Test
  void jarPathsMatchTheBuild() throws IOException {
    String jobDockerfile = read("docker/job/Dockerfile");
    String usrlibJar = "/opt/flink/usrlib/" + JOB_JAR;
    assertThat(jobDockerfile).contains("COPY").contains("jobs/target/" + JOB_JAR + " " + usrlibJar);
    assertThat(map(map(flinkDeployment.get("spec")).get("job")))
        .containsEntry("jarURI", "local://" + usrlibJar);
    String jobsPom = read("jobs/pom.xml");
    if (jobsPom.contains("maven-shade-plugin")) {
      assertThat(jobsPom).as("shaded jar name").contains("vigil-job");
    }

    // The CLI image uses the CLI module's plain jar + target/lib, like ./vigil.
    String version = tag(read("pom.xml"), "version");
    String cliPom = read("cli/pom.xml");
    String cliJar =
        "cli/target/"
            + tag(cliPom.replaceAll("(?s)<parent>.*?</parent>", ""), "artifactId")
            + "-"
            + version
            + ".jar";
    assertThat(read("vigil")).contains("$here/" + cliJar).contains("$here/cli/target/lib/");
    assertThat(read("docker/simulator/Dockerfile"))
        .contains("COPY " + cliJar + " ")
        .contains("COPY cli/target/lib/");
    assertThat(read("actuator/pom.xml")).contains("<finalName>vigil-actuator</finalName>");

    String actuator = read("docker/actuator/Dockerfile");
    assertThat(actuator)
        .contains("COPY actuator/target/" + ACTUATOR_JAR + " ")
        .contains("COPY actuator/target/lib/")
        .contains(ACTUATOR_MAIN);

    // Every COPY source that is not a build output is in the repository.
    for (Path dockerfile : dockerfiles()) {
      for (String line : Files.readAllLines(dockerfile)) {
        if (!line.startsWith("COPY ")) continue;
        String[] parts = line.replaceAll("--chown=\\S+ ", "").split("\\s+");
        String source = parts[1];
        if (!source.contains("/target/")) {
          assertThat(root.resolve(source)).as("%s: COPY %s", dockerfile, source).exists();
        }
      }
    }
  }

  @Test
  void flinkVersionsAgreeWithThePom() throws IOException {
    String flink = tag(read("pom.xml"), "flink.version"); // 1.20.3
    String[] v = flink.split("\\.");
    assertThat(read("docker/job/Dockerfile")).contains("FROM flink:" + flink + "-java17");
    assertThat(map(flinkDeployment.get("spec")))
        .containsEntry("flinkVersion", "v" + v[0] + "_" + v[1]);
    assertThat(map(application().get("Properties")))
        .containsEntry("RuntimeEnvironment", "FLINK-" + v[0] + "_" + v[1]);
  }

  // ---------------------------------------------------------------- Kubernetes

  @Test
  void flinkDeploymentIsSavepointUpgradableWithRetainedS3Checkpoints() {
    Map<String, Object> spec = map(flinkDeployment.get("spec"));
    assertThat(flinkDeployment).containsEntry("apiVersion", "flink.apache.org/v1beta1");
    Map<String, Object> job = map(spec.get("job"));
    assertThat(job).containsEntry("upgradeMode", "savepoint");
    Map<String, Object> conf = map(spec.get("flinkConfiguration"));
    assertThat(conf)
        .containsEntry("state.backend.type", "rocksdb")
        .containsEntry("state.backend.incremental", "true")
        .containsEntry(
            "execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION")
        .containsEntry("pipeline.max-parallelism", String.valueOf(VigilJobMain.MAX_PARALLELISM))
        .containsKey("execution.checkpointing.interval");
    assertThat((String) conf.get("state.checkpoints.dir")).startsWith("s3://");
    assertThat((String) conf.get("state.savepoints.dir")).startsWith("s3://");
    assertThat((Integer) job.get("parallelism")).isBetween(1, VigilJobMain.MAX_PARALLELISM);
    assertThat(map(spec.get("jobManager"))).containsKey("resource");
    assertThat(map(spec.get("taskManager"))).containsKey("resource");
  }

  @Test
  void secretsComeFromAKubernetesSecretAndTheRoleFromIrsa() {
    Map<String, Object> spec = map(flinkDeployment.get("spec"));
    Map<String, Object> sa = map(serviceAccount.get("metadata"));
    assertThat(spec).containsEntry("serviceAccount", sa.get("name"));
    assertThat(map(sa.get("annotations"))).containsKey("eks.amazonaws.com/role-arn");
    Map<String, Object> container =
        map(list(map(map(spec.get("podTemplate")).get("spec")).get("containers")).get(0));
    assertThat(container).containsEntry("name", "flink-main-container");
    Map<String, Map<String, Object>> env = new LinkedHashMap<>();
    for (Object e : list(container.get("env"))) env.put((String) map(e).get("name"), map(e));
    assertThat(env).containsKeys("VIGIL_ES_API_KEY", "VIGIL_HMAC_KEY");
    env.forEach(
        (name, e) -> {
          assertThat(e).as(name + " is never inline").doesNotContainKey("value");
          assertThat(map(map(e.get("valueFrom")).get("secretKeyRef"))).containsKeys("name", "key");
        });
  }

  // ---------------------------------------------------------------- CloudFormation

  @Test
  void cloudFormationTemplateIsConsistent() {
    Map<String, Object> params = map(cloudFormation.get("Parameters"));
    Map<String, Object> resources = map(cloudFormation.get("Resources"));
    params.forEach(
        (name, p) -> assertThat((String) map(p).get("Description")).as(name).isNotBlank());
    assertThat(params).containsKeys("CodeBucket", "CodeKey", "HmacSecretArn", "EsSecretArn");
    // Every Ref / Fn::Sub ${X} / Fn::GetAtt names a parameter, resource or pseudo parameter.
    Set<String> refs = new TreeSet<>();
    collectReferences(resources, refs);
    collectReferences(cloudFormation.get("Outputs"), refs);
    for (String ref : refs) {
      assertThat(ref.startsWith("AWS::") || params.containsKey(ref) || resources.containsKey(ref))
          .as("reference to %s", ref)
          .isTrue();
    }
    Map<String, Object> app = map(application().get("Properties"));
    Map<String, Object> conf = map(app.get("ApplicationConfiguration"));
    Map<String, Object> s3 =
        map(
            map(map(conf.get("ApplicationCodeConfiguration")).get("CodeContent"))
                .get("S3ContentLocation"));
    assertThat(s3.get("FileKey")).isEqualTo(Map.of("Ref", "CodeKey"));
    Map<String, Object> flink = map(conf.get("FlinkApplicationConfiguration"));
    assertThat(flink)
        .containsKeys(
            "CheckpointConfiguration", "MonitoringConfiguration", "ParallelismConfiguration");
    assertThat(map(flink.get("CheckpointConfiguration")))
        .containsEntry("CheckpointingEnabled", true);
    assertThat(app.get("ServiceExecutionRole"))
        .isEqualTo(Map.of("Fn::GetAtt", List.of("ExecutionRole", "Arn")));
  }

  // ---------------------------------------------------------------- IAM

  @Test
  void jobPolicyIsLeastPrivilegeAndCoversTheJobsCalls() {
    assertThat(iamPolicy).containsEntry("Version", "2012-10-17");
    Set<String> actions = policyActions(iamPolicy);
    assertThat(actions).containsAll(JOB_ACTIONS);
    // The execution role in the template inlines the same statements (same Sid, same actions),
    // except S3 checkpoint access: Managed Flink keeps checkpoints and snapshots itself.
    Map<String, Object> role =
        map(map(map(cloudFormation.get("Resources")).get("ExecutionRole")).get("Properties"));
    Map<String, Object> inline = map(map(list(role.get("Policies")).get(0)).get("PolicyDocument"));
    policyActions(inline);
    Map<String, Set<String>> inlineBySid = actionsBySid(inline);
    actionsBySid(iamPolicy)
        .forEach(
            (sid, acts) -> {
              if (SELF_MANAGED_ONLY.contains(sid)) return;
              assertThat(inlineBySid).as("template statement " + sid).containsEntry(sid, acts);
            });
  }

  // ---------------------------------------------------------------- compose

  @Test
  void composeEndpointsMatchServicesAndPorts() {
    Map<String, Object> services = map(compose.get("services"));
    assertThat(services)
        .containsKeys(
            "kinesis",
            "elasticsearch",
            "kibana",
            "bootstrap",
            "jobmanager",
            "taskmanager",
            "actuator",
            "simulator");
    Map<String, Set<Integer>> ports = new TreeMap<>();
    services.forEach(
        (name, s) -> {
          Set<Integer> container = new TreeSet<>();
          for (Object p : list(map(s).getOrDefault("ports", List.of()))) {
            String[] parts = String.valueOf(p).split(":");
            container.add(Integer.parseInt(parts[parts.length - 1]));
          }
          ports.put(name, container);
        });
    assertThat(ports.get("jobmanager")).contains(8081);
    assertThat(ports.get("elasticsearch")).contains(9200);
    assertThat(ports.get("kibana")).contains(5601);
    assertThat(ports.get("kinesis")).contains(4567);
    assertThat(list(service("kinesis").get("command"))).containsSequence("--port", "4567");

    Map<String, String> props = flinkProperties("jobmanager");
    assertThat(services).containsKey(props.get("jobmanager.rpc.address"));
    assertThat(props)
        .containsEntry("vigil.source", "kinesis")
        .containsEntry("vigil.kinesis.endpoint", "http://kinesis:4567")
        .containsEntry("vigil.es.url", "http://elasticsearch:9200");
    assertThat(props.get("env.java.opts.all"))
        .contains("-Daws.cborEnabled=false")
        .contains("-Dcom.amazonaws.sdk.disableCbor=true");

    // Every http://host:port between containers names a service publishing that port.
    Set<String> strings = new TreeSet<>();
    collectStrings(compose, strings);
    Pattern url = Pattern.compile("https?://([a-z0-9-]+):(\\d+)");
    int urls = 0;
    for (String s : strings) {
      Matcher m = url.matcher(s);
      while (m.find()) {
        String host = m.group(1);
        if (host.equals("localhost")) continue; // a container's own port (health checks)
        urls++;
        assertThat(ports).as("service for %s", m.group()).containsKey(host);
        assertThat(ports.get(host)).as(m.group()).contains(Integer.parseInt(m.group(2)));
      }
    }
    assertThat(urls).isGreaterThan(5);
    services.forEach(
        (name, s) -> {
          Object deps = map(s).get("depends_on");
          Collection<?> names =
              deps instanceof Map<?, ?> m ? m.keySet() : list(deps == null ? List.of() : deps);
          assertThat(services.keySet()).as(name + " depends_on").containsAll(cast(names));
        });
  }

  // ---------------------------------------------------------------- VigilJobMain

  @Test
  void managedFlinkPropertyGroupBecomesTheJobConfiguration(@TempDir Path tmp) throws Exception {
    Set<String> known = VigilOptions.all().stream().map(ConfigOption::key).collect(toSet());
    Map<String, String> group = new TreeMap<>();
    vigilPropertyMap()
        .forEach(
            (k, v) -> {
              if (v instanceof String s && known.contains(k)) group.put(k, s);
            });
    Path file = tmp.resolve("application_properties.json");
    new ObjectMapper()
        .writeValue(
            file.toFile(),
            List.of(
                Map.of("PropertyGroupId", "Other", "PropertyMap", Map.of("vigil.nope", "x")),
                Map.of("PropertyGroupId", VigilJobMain.PROPERTY_GROUP, "PropertyMap", group)));
    Map<String, Properties> groups =
        KinesisAnalyticsRuntime.getApplicationProperties(file.toString());

    Configuration conf =
        VigilJobMain.configuration(
            Map.of("vigil.output.dir", "cluster", "vigil.sim.seed", "7"),
            groups,
            new String[] {"--vigil.sim.seed", "9"});
    assertThat(conf.get(VigilOptions.SOURCE)).isEqualTo(SourceOptions.Kind.KINESIS);
    assertThat(conf.get(VigilOptions.OUTPUT_DIR)).isEqualTo(group.get("vigil.output.dir"));
    assertThat(conf.get(VigilOptions.SIM_SEED)).isEqualTo(9L);
    assertThatThrownBy(
            () -> VigilJobMain.configuration(Map.of("vigil.nope", "x"), Map.of(), new String[0]))
        .hasMessageContaining("vigil.nope");
    assertThat(VigilJobMain.managedFlinkProperties()).isEmpty(); // no /etc/flink file here
  }

  // ---------------------------------------------------------------- helpers

  static boolean isKnown(String key, Set<String> known) {
    if (known.contains(key)) return true;
    for (Map.Entry<String, Set<String>> e : PENDING.entrySet()) {
      String prefix = e.getKey();
      if (key.startsWith(prefix)
          && e.getValue().contains(key.substring(prefix.length()))
          && known.stream().noneMatch(k -> k.startsWith(prefix))) {
        return true;
      }
    }
    return false;
  }

  static Set<String> policyActions(Map<String, Object> policy) {
    Set<String> actions = new TreeSet<>();
    for (Object st : list(policy.get("Statement"))) {
      Map<String, Object> s = map(st);
      assertThat(s).containsEntry("Effect", "Allow").doesNotContainKey("NotAction");
      Object a = s.get("Action");
      for (Object action : a instanceof List<?> l ? l : List.of(a)) {
        String name = String.valueOf(action);
        assertThat(name).as("no wildcard action").doesNotContain("*").contains(":");
        actions.add(name);
      }
    }
    return actions;
  }

  static Map<String, Set<String>> actionsBySid(Map<String, Object> policy) {
    Map<String, Set<String>> bySid = new TreeMap<>();
    for (Object st : list(policy.get("Statement"))) {
      Map<String, Object> s = map(st);
      Object a = s.get("Action");
      Set<String> actions = new TreeSet<>();
      for (Object action : a instanceof List<?> l ? l : List.of(a))
        actions.add(String.valueOf(action));
      assertThat(bySid.put((String) s.get("Sid"), actions)).as("unique Sid").isNull();
    }
    return bySid;
  }

  Map<String, Object> application() {
    return map(map(cloudFormation.get("Resources")).get("Application"));
  }

  Map<String, Object> vigilPropertyMap() {
    Map<String, Object> conf =
        map(map(application().get("Properties")).get("ApplicationConfiguration"));
    for (Object g : list(map(conf.get("EnvironmentProperties")).get("PropertyGroups"))) {
      if (VigilJobMain.PROPERTY_GROUP.equals(map(g).get("PropertyGroupId"))) {
        return map(map(g).get("PropertyMap"));
      }
    }
    throw new AssertionError("no property group " + VigilJobMain.PROPERTY_GROUP);
  }

  Map<String, Object> service(String name) {
    return map(map(compose.get("services")).get(name));
  }

  /** FLINK_PROPERTIES ("key: value" lines) of a compose service. */
  Map<String, String> flinkProperties(String serviceName) {
    String text = (String) map(service(serviceName).get("environment")).get("FLINK_PROPERTIES");
    assertThat(text).as(serviceName + " FLINK_PROPERTIES").isNotBlank();
    Map<String, String> props = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) continue;
      int colon = line.indexOf(": ");
      assertThat(colon).as("key: value line '%s'", line).isPositive();
      props.put(line.substring(0, colon).trim(), line.substring(colon + 2).trim());
    }
    return props;
  }

  static Set<String> vigilKeys(Collection<?> keys) {
    return keys.stream()
        .map(String::valueOf)
        .filter(k -> k.startsWith("vigil."))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static void scanStrings(Object node, Set<String> keys) {
    Set<String> strings = new TreeSet<>();
    collectStrings(node, strings);
    for (String s : strings) {
      Matcher m = VIGIL_KEY.matcher(s);
      while (m.find()) keys.add(m.group());
    }
  }

  static void collectStrings(Object node, Set<String> out) {
    if (node instanceof Map<?, ?> m) {
      m.forEach(
          (k, v) -> {
            out.add(String.valueOf(k));
            collectStrings(v, out);
          });
    } else if (node instanceof List<?> l) {
      l.forEach(v -> collectStrings(v, out));
    } else if (node instanceof String s) {
      out.add(s);
    }
  }

  static void collectReferences(Object node, Set<String> out) {
    if (node instanceof Map<?, ?> m) {
      m.forEach(
          (k, v) -> {
            if ("Ref".equals(k)) out.add((String) v);
            if ("Fn::GetAtt".equals(k)) out.add((String) ((List<?>) v).get(0));
            if ("Fn::Sub".equals(k) && v instanceof String s) {
              Matcher sub = Pattern.compile("\\$\\{([^}!]+)}").matcher(s);
              while (sub.find()) out.add(sub.group(1).split("\\.")[0]);
            }
            collectReferences(v, out);
          });
    } else if (node instanceof List<?> l) {
      l.forEach(v -> collectReferences(v, out));
    }
  }

  static List<Object> docs(String path) {
    List<Object> d = parsed.get(Path.of(path));
    assertThat(d).as(path).isNotNull();
    return d;
  }

  static List<Path> dockerfiles() throws IOException {
    try (Stream<Path> files = Files.walk(root.resolve("docker"))) {
      return files.filter(f -> f.getFileName().toString().equals("Dockerfile")).toList();
    }
  }

  static String read(String path) throws IOException {
    return Files.readString(root.resolve(path));
  }

  static String tag(String xml, String name) {
    Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(xml);
    assertThat(m.find()).as("<%s> in pom", name).isTrue();
    return m.group(1).trim();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    assertThat(o).isInstanceOf(Map.class);
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    assertThat(o).isInstanceOf(List.class);
    return (List<Object>) o;
  }

  @SuppressWarnings("unchecked")
  static Collection<String> cast(Collection<?> c) {
    return (Collection<String>) c;
  }

  static <T> java.util.stream.Collector<T, ?, Set<T>> toSet() {
    return Collectors.toCollection(TreeSet::new);
  }
}
