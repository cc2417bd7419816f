package io.dorastream.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    @TempDir
    Path tmp;

    /** A failed run keeps the services' logs its message points at, and nothing else it wrote. */
    @Test
    void deletingATreeButOneDirectoryKeepsThatDirectoryWhole() throws IOException {
        Path work = tmp.resolve("work");
        Path logs = work.resolve("stack").resolve("services");
        Path log = Files.createDirectories(logs.resolve("aggregator-service")).resolve("aggregator-service.log");
        Files.writeString(log, "not ready");
        Path data = Files.createDirectories(work.resolve("stack").resolve("postgres")).resolve("PG_VERSION");
        Files.writeString(data, "16");
        Path sibling = Files.writeString(work.resolve("b1.csv"), "rows");

        Report.deleteTree(work, logs);

        assertTrue(Files.isRegularFile(log));
        assertFalse(Files.exists(data));
        assertFalse(Files.exists(data.getParent()));
        assertFalse(Files.exists(sibling));

        Report.deleteTree(work);
        assertFalse(Files.exists(work));
    }
}
