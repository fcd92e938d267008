package io.drsnstream.demo.fleet;

/**
 * Maps wall-clock time to simulated sensor time, which may run {@code speedup} times faster.
 * Sensor time starts at the wall-clock instant the clock was made, so at speedup 1 the chunks'
 * timestamps are real time and the lag shown is the true end-to-end lag.
 */
public final class SensorClock {

    private final long startWallMicros;
    private final double speedup;

    public SensorClock(long startWallMicros, double speedup) {
        if (!(speedup > 0)) {
            throw new IllegalArgumentException("speedup must be positive, was " + speedup);
        }
        this.startWallMicros = startWallMicros;
        this.speedup = speedup;
    }

    public static SensorClock startingNow(double speedup) {
        return new SensorClock(System.currentTimeMillis() * 1000L, speedup);
    }

    public long startMicros() {
        return startWallMicros;
    }

    /** The sensor time now, in epoch microseconds. */
    public long sensorTimeMicros() {
        long wall = System.currentTimeMillis() * 1000L;
        return startWallMicros + (long) ((wall - startWallMicros) * speedup);
    }

    /** The wall-clock time (epoch ms) at which the sensors reached {@code sensorMicros}. */
    public long wallMillisAt(long sensorMicros) {
        return (startWallMicros + (long) ((sensorMicros - startWallMicros) / speedup)) / 1000L;
    }

    public double secondsSinceStart(long sensorMicros) {
        return (sensorMicros - startWallMicros) / 1e6;
    }
}
