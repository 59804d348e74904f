package io.quakegraph.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a kill -9 leaves in a checkpoint folder is not restored: a checkpoint folder without
 * metadata (killed before it was written) or with a truncated one (killed while it was written).
 * The restore of a complete one is shown end to end by {@code ResumeE2eTest}.
 */
class RetainedCheckpointsTest {
  @Test
  void incompleteCheckpointsAreSkipped(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("job-a/chk-5"));
    Files.createDirectories(dir.resolve("job-a/shared"));
    Path truncated = dir.resolve("job-b/chk-7/_metadata");
    Files.createDirectories(truncated.getParent());
    Files.write(truncated, new byte[] {0x4f, 0x1b});
    Path older = dir.resolve("job-b/chk-6/_metadata");
    Files.createDirectories(older.getParent());
    Files.write(older, new byte[] {1, 2, 3});
    Files.setLastModifiedTime(older, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));

    List<RetainedCheckpoints.Completed> candidates = RetainedCheckpoints.candidates(dir);
    assertEquals(
        List.of(7L, 6L), candidates.stream().map(RetainedCheckpoints.Completed::id).toList());
    assertTrue(RetainedCheckpoints.newest(dir).isEmpty(), "a truncated metadata file was taken");
    assertTrue(RetainedCheckpoints.newest(dir.resolve("absent")).isEmpty());
  }
}
