package io.quakegraph.seismic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quakegraph.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in Hadley-Kanamori model is the one in the shared data file. */
class CrustalModelTest {

  @Test
  void builtInModelMatchesSharedLayerFile() throws IOException {
    CrustalModel file =
        CrustalModel.read(SharedData.path("velocity/hadley_kanamori_1977_layers.txt"));
    CrustalModel built = CrustalModel.hadleyKanamori();
    assertEquals(built.layers().size(), file.layers().size());
    for (int i = 0; i < built.layers().size(); i++) {
      CrustalModel.Layer a = built.layers().get(i);
      CrustalModel.Layer b = file.layers().get(i);
      assertEquals(a.topKm(), b.topKm(), 1e-9);
      assertEquals(a.vpKmS(), b.vpKmS(), 1e-9);
      assertEquals(a.vsKmS(), b.vsKmS(), 0.001);
      assertEquals(a.densityKgM3(), b.densityKgM3(), 1e-6);
    }
    // Brocher (2005): about 2.6 g/cm^3 at 5.5 km/s, 3.2 at 7.8 km/s
    assertEquals(2618, built.layers().get(0).densityKgM3(), 5);
    assertEquals(3219, built.layers().get(3).densityKgM3(), 5);
  }

  @Test
  void badLayerLineNamesFileAndLine(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("bad_layers.txt");
    Files.writeString(f, "# model\n0 5.5 3.1\n5.5 six 3.6\n");
    IOException e = assertThrows(IOException.class, () -> CrustalModel.read(f));
    assertEquals(true, e.getMessage().contains("line 3"), e.getMessage());
  }
}
