package io.dorastream.api.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WilsonIntervalTest {

    private static final double EPS = 1e-9;

    @Test
    void oneOutOfFour() {
        // z = 1.959964, z² = 3.841458881296, n = 4, p = 0.25
        // denominator 1 + z²/n = 1 + 0.960364720324 = 1.960364720324
        // centre (p + z²/(2n)) / den = (0.25 + 0.480182360162) / 1.960364720324 = 0.372472710099
        // half-width z·sqrt(p(1-p)/n + z²/(4n²)) / den
        //   = 1.959964·sqrt(0.046875 + 0.060022793791) / 1.960364720324
        //   = 1.959964·0.326951363... / 1.960364720324 = 0.326885449804
        // bounds 0.372472710099 ∓ 0.326885449804 = [0.045587260295, 0.699358159903]
        WilsonInterval ci = WilsonInterval.of(1, 4);
        assertEquals(0.045587260295, ci.lower(), EPS);
        assertEquals(0.699358159903, ci.upper(), EPS);
    }

    @Test
    void sevenOutOf118AsInTheContractExample() {
        // p = 7/118 = 0.059322033898; den = 1 + 3.841458881296/118 = 1.032554736282
        // centre (0.059322033898 + 0.016277368141) / 1.032554736282 = 0.073215878426
        // half-width 1.959964·sqrt(0.000472901... + 0.000068972...) / 1.032554736282 = 0.044186113703
        // → [0.029029764722, 0.117401992129] (the contract shows [0.029, 0.1174])
        WilsonInterval ci = WilsonInterval.of(7, 118);
        assertEquals(0.029029764722, ci.lower(), EPS);
        assertEquals(0.117401992129, ci.upper(), EPS);
    }

    @Test
    void noFailuresClampsAtZeroAndAllFailuresAtOne() {
        // p = 0, n = 10: centre = half-width = (z²/20) / (1 + z²/10) = 0.192072944065 / 1.38414588813 = 0.138766401513
        // → lower exactly 0, upper 2·0.138766401513 = 0.277532803026
        WilsonInterval none = WilsonInterval.of(0, 10);
        assertEquals(0.0, none.lower());
        assertEquals(0.277532803026, none.upper(), EPS);
        // p = 1 mirrors it: [1 - 0.277532803026, 1] = [0.722467196974, 1]
        WilsonInterval all = WilsonInterval.of(10, 10);
        assertEquals(0.722467196974, all.lower(), EPS);
        assertEquals(1.0, all.upper());
    }

    @Test
    void nullWhenNothingIsCounted() {
        assertNull(WilsonInterval.of(0, 0));
    }

    @Test
    void rejectsImpossibleCounts() {
        assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of(3, 2));
        assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of(-1, 2));
    }
}
