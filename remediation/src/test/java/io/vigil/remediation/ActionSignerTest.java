package io.vigil.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.models.Json;
import io.vigil.models.action.RemediationAction;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ActionSignerTest {
  static final ActionSigner SIGNER =
      new ActionSigner("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

  static RemediationAction action() {
    RemediationAction a = new RemediationAction();
    a.id = "a-1";
    a.type = "THROTTLE";
    a.mode = "ENFORCE";
    a.functionName = "checkout-api";
    a.reservedConcurrency = 5;
    a.createdAt = 1000;
    a.expiresAt = 2000;
    return a;
  }

  @Test
  void signVerifyRoundTrip() {
    String json = SIGNER.sign(action());
    assertThat(SIGNER.verify(json)).isTrue();
    assertThat(Json.read(json, RemediationAction.class).signature).isNotBlank();
  }

  @Test
  void canonicalFormIsSortedCompactAndExcludesSignature() {
    String canon =
        ActionSigner.canonicalText(
            "{\"z\":1,\"signature\":\"x\",\"a\":{\"d\":2,\"c\":null,\"b\":[{\"y\":1,\"x\":2}]}}");
    assertThat(canon).isEqualTo("{\"a\":{\"b\":[{\"x\":2,\"y\":1}],\"d\":2},\"z\":1}");
  }

  @Test
  void keyOrderAndWhitespaceDoNotMatterButContentDoes() throws Exception {
    String json = SIGNER.sign(action());
    var tree = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(json);
    // Re-order: put signature first, pretty print.
    var re = Json.MAPPER.createObjectNode();
    re.set("signature", tree.get("signature"));
    tree.fields().forEachRemaining(e -> re.set(e.getKey(), e.getValue()));
    assertThat(SIGNER.verify(re.toPrettyString())).isTrue();

    String tampered = json.replace("\"reservedConcurrency\":5", "\"reservedConcurrency\":0");
    assertThat(tampered).isNotEqualTo(json);
    assertThat(SIGNER.verify(tampered)).isFalse();
    // An added field is covered too.
    assertThat(SIGNER.verify(json.replaceFirst("\\{", "{\"extra\":1,"))).isFalse();
  }

  @Test
  void otherKeyMissingOrGarbageSignatureFail() {
    String json = SIGNER.sign(action());
    ActionSigner other =
        new ActionSigner("another-key-another-key-another-key".getBytes(StandardCharsets.UTF_8));
    assertThat(other.verify(json)).isFalse();
    RemediationAction unsigned = action();
    assertThat(SIGNER.verify(Json.write(unsigned))).isFalse();
    unsigned.signature = "not base64 !!";
    assertThat(SIGNER.verify(Json.write(unsigned))).isFalse();
    assertThat(SIGNER.verify("not json")).isFalse();
    assertThat(SIGNER.verify("[1,2]")).isFalse();
    assertThatThrownBy(() -> new ActionSigner(new byte[8]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
