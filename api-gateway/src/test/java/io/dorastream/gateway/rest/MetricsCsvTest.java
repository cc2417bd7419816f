package io.dorastream.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class MetricsCsvTest {

    /** The first cell of each data row of a breakdown with these keys. */
    private static List<String> keyCells(String... keys) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode body = json.createObjectNode().put("by", "service");
        for (String k : keys) {
            body.withArray("items").addObject().put("key", k);
        }
        String csv = MetricsCsv.breakdown(body);
        return csv.lines().skip(1).map(line -> line.substring(0, line.indexOf(','))).toList();
    }

    @Test
    void everyFormulaLeadOfOwaspIsDefused() {
        assertEquals(List.of("'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tcmd", "plain", "a=b"),
                keyCells("=1+1", "+1", "-1", "@SUM(A1)", "\tcmd", "plain", "a=b"));
    }

    @Test
    void aLeadingCarriageReturnIsDefusedInsideTheQuotes() {
        String csv = MetricsCsv.breakdown(new ObjectMapper().createObjectNode().put("by", "service")
                .set("items", new ObjectMapper().createArrayNode().add(new ObjectMapper().createObjectNode().put("key", "\rcmd"))));
        assertEquals("\"'\rcmd\"", csv.substring(csv.indexOf("\r\n") + 2, csv.indexOf("\r\n") + 2 + 7));
    }
}
