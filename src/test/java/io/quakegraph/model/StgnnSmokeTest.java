package io.quakegraph.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;

class StgnnSmokeTest {
  @Test
  void forwardGivesTenOutputsPerGraph() {
    try (Stgnn m = Stgnn.create(RandomGraphs.smallSpec(3));
        NDManager mgr = NDManager.newBaseManager()) {
      GraphBatch b =
          GraphBatch.of(mgr, List.of(RandomGraphs.graph(7, 256, 1), RandomGraphs.graph(3, 256, 2)));
      NDArray out = m.forward(b);
      assertArrayEquals(new long[] {2, 10}, out.getShape().getShape());
      System.out.println(out);
      System.out.println("params " + m.parameterCount());
      assertEquals(2, out.getShape().get(0));
    }
  }
}
