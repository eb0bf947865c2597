package io.vigil.jobs.es;

import io.vigil.testkit.search.ForkedNode;

/** Against a real OpenSearch 2.19 node in a forked JVM. */
class OpenSearchRealServerITCase extends RealServerTestBase {
  @Override
  ForkedNode.Kind kind() {
    return ForkedNode.Kind.OPENSEARCH;
  }
}
