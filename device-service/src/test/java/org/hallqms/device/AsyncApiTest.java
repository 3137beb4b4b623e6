package org.hallqms.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hallqms.mqtt.Topics;
import org.junit.jupiter.api.Test;

class AsyncApiTest {
    @Test
    void the_asyncapi_file_documents_exactly_the_topics_the_service_uses() throws Exception {
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(Path.of("../docs/asyncapi.yaml").toFile());

        assertThat(doc.path("asyncapi").asText()).startsWith("3.");
        List<String> addresses = new ArrayList<>();
        doc.path("channels").forEach(c -> {
            addresses.add(c.path("address").asText());
            assertThat(c.path("messages").size()).as(c.path("address").asText()).isPositive();
        });
        assertThat(addresses).containsExactlyInAnyOrderElementsOf(Topics.TEMPLATES);

        Topics t = new Topics("demo-hall");
        assertThat(List.of(t.serviceState(), t.display("3"), t.board(), t.alarms(), t.calls(), t.config("screen-3"), t.ack("eval-3"),
                t.session("eval-3"))).allSatisfy(topic -> assertThat(Topics.TEMPLATES.stream()
                .anyMatch(tpl -> topic.matches(tpl.replaceAll("\\{[a-z]+\\}", "[^/]+")))).as(topic).isTrue());
        assertThat(t.subscriptions()).allSatisfy(filter -> assertThat(Topics.TEMPLATES.stream()
                .anyMatch(tpl -> filter.replace("+", "x").matches(tpl.replaceAll("\\{[a-z]+\\}", "[^/]+")))).as(filter).isTrue());
        doc.path("operations").forEach(op -> assertThat(op.path("action").asText()).isIn("send", "receive"));
    }
}
