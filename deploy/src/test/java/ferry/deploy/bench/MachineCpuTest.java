package ferry.deploy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MachineCpuTest {
  @Test
  void busyAndStolenAreSharesOfAllTicksBetweenTwoReadings() {
    // user nice system idle iowait irq softirq steal guest guest_nice
    MachineCpu before = MachineCpu.parse("cpu  1000 0 200 5000 100 0 50 10 0 0");
    MachineCpu after = MachineCpu.parse("cpu  1600 0 300 5200 100 0 100 60 0 0");

    MachineCpu.Shares shares = after.since(before);

    // 600 user + 100 system + 50 softirq busy, 200 idle, 50 stolen: 1,000 ticks
    assertEquals(0.75, shares.busy(), 1e-9);
    assertEquals(0.05, shares.stolen(), 1e-9);
  }

  @Test
  void aKernelWithoutTheStealColumnCountsNoneStolen() {
    MachineCpu before = MachineCpu.parse("cpu 100 0 0 100 0 0 0");
    MachineCpu after = MachineCpu.parse("cpu 200 0 0 200 0 0 0");

    assertEquals(0.5, after.since(before).busy(), 1e-9);
    assertEquals(0, after.since(before).stolen(), 1e-9);
  }
}
