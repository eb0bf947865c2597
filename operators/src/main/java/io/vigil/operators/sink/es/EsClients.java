package io.vigil.operators.sink.es;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

/**
 * Builds the low-level REST client: URLs, auth header or AWS SigV4 signing, optional custom CA,
 * timeouts.
 */
public final class EsClients {
  private EsClients() {}

  public static RestClient create(EsConfig config, EsCredentials credentials) {
    HttpHost[] hosts = config.urls().stream().map(HttpHost::create).toArray(HttpHost[]::new);
    RestClientBuilder builder = RestClient.builder(hosts);
    AwsSigV4 sigV4 = config.sigv4Service() == null ? null : AwsSigV4.of(config);
    String auth = credentials.authorizationHeader();
    if (auth != null && sigV4 == null) {
      builder.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", auth)});
    }
    SSLContext ssl = config.caFile() == null ? null : sslContext(Path.of(config.caFile()));
    builder.setHttpClientConfigCallback(
        http -> {
          if (ssl != null) http.setSSLContext(ssl);
          // Last: it signs the Host and Content-Type headers the client's own interceptors set.
          if (sigV4 != null) http.addInterceptorLast(sigV4.interceptor());
          return http;
        });
    builder.setRequestConfigCallback(
        rc ->
            rc.setConnectTimeout((int) config.connectTimeout().toMillis())
                .setSocketTimeout((int) config.socketTimeout().toMillis()));
    return builder.build();
  }

  /** Trusts exactly the certificates in the PEM file (a private CA or a self-signed cluster). */
  static SSLContext sslContext(Path caFile) {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("vigil-ca-" + i++, c);
      }
      if (i == 0) throw new IllegalArgumentException("no certificate in " + caFile);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot load CA file " + caFile + ": " + e.getMessage(), e);
    }
  }
}
