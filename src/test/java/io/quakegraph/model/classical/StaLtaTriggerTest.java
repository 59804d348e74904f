package io.quakegraph.model.classical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The streaming trigger, fed step by step with 1024-sample windows at 50 Hz as the job does. */
class StaLtaTriggerTest {
  static final double RATE = 50.0;
  static final int W = 1024;

  /** 90 s of velocity: noise 1e-7 m/s, with a P-like 8 Hz onset at {@code onsetS} (or none). */
  static float[] velocity(double onsetS, double amplitude, long seed) {
    Random r = new Random(seed);
    float[] v = new float[(int) (90 * RATE)];
    for (int i = 0; i < v.length; i++) {
      double t = i / RATE;
      double x = 1e-7 * r.nextGaussian() + 3e-7 * Math.sin(2 * Math.PI * 0.2 * t); // + microseism
      if (t >= onsetS) {
        x += amplitude * Math.sin(2 * Math.PI * 8 * (t - onsetS)) * Math.exp(-(t - onsetS) / 5);
      }
      v[i] = (float) x;
    }
    return v;
  }

  /** Runs the trigger over 1 s steps from 21 s to 89 s; returns the state after each step. */
  static TriggerState[] run(float[] v) {
    StaLtaTrigger trig = StaLtaTrigger.defaults();
    TriggerState s = TriggerState.initial();
    TriggerState[] out = new TriggerState[90];
    boolean[] obs = new boolean[W];
    Arrays.fill(obs, true);
    for (int sec = 21; sec < 90; sec++) {
      int end = (int) (sec * RATE); // index of the sample at t = sec
      float[] win = Arrays.copyOfRange(v, end - W + 1, end + 1);
      long startMicros = Math.round((end - W + 1) / RATE * 1e6);
      s = trig.advance(s, win, obs, startMicros, RATE);
      out[sec] = s;
    }
    return out;
  }

  @Test
  void firesOnASyntheticPOnset() {
    TriggerState[] s = run(velocity(50.0, 2e-6, 1));
    assertFalse(s[49].on(), "nothing before the onset");
    assertTrue(s[51].on(), "on within a second of the onset");
    assertEquals(50_000_000L, s[51].onMicros(), 200_000, "onset time within 0.2 s");
  }

  @Test
  void staysQuietOnNoise() {
    for (long seed = 1; seed <= 5; seed++) {
      TriggerState[] s = run(velocity(1e9, 0, seed));
      for (int sec = 21; sec < 90; sec++) {
        assertFalse(s[sec].on(), "seed " + seed + " triggered on noise at " + sec + " s");
      }
      assertEquals(Long.MIN_VALUE, s[89].onMicros());
    }
  }

  @Test
  void aGapFollowedByDataIsNoOnset() {
    float[] v = velocity(1e9, 0, 9);
    StaLtaTrigger trig = StaLtaTrigger.defaults();
    TriggerState s = TriggerState.initial();
    for (int sec = 21; sec < 90; sec++) {
      int end = (int) (sec * RATE);
      float[] win = Arrays.copyOfRange(v, end - W + 1, end + 1);
      boolean[] obs = new boolean[W];
      for (int i = 0; i < W; i++) {
        double t = (end - W + 1 + i) / RATE;
        obs[i] = t < 40 || t > 55; // 15 s telemetry gap, zeros in the window
        if (!obs[i]) {
          win[i] = 0f;
        }
      }
      s = trig.advance(s, win, obs, Math.round((end - W + 1) / RATE * 1e6), RATE);
      assertFalse(s.on(), "gap edge triggered at " + sec + " s");
    }
  }
}
