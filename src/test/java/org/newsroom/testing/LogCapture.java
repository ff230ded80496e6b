package org.newsroom.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

/**
 * Everything the service logs while it is open (message, formatted message, parameters and stack
 * traces, as a log file would show them), for tests that prove a secret never reaches the log.
 * The given loggers log at FINE meanwhile, so that debug output is searched too.
 */
public final class LogCapture implements AutoCloseable {

    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    private final Map<String, Level> levelsBefore = new HashMap<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            StringBuilder line = new StringBuilder(String.valueOf(record.getMessage()));
            if (record instanceof ExtLogRecord ext) {
                line.append(' ').append(ext.getFormattedMessage());
            }
            if (record.getParameters() != null) {
                for (Object parameter : record.getParameters()) {
                    line.append(' ').append(parameter);
                }
            }
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(' ').append(trace);
            }
            lines.add(line.toString());
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(record.getLoggerName() + ": " + line);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture(List<String> verboseLoggers) {
        handler.setLevel(Level.ALL);
        for (String name : verboseLoggers) {
            levelsBefore.put(name, Logger.getLogger(name).getLevel());
            Logger.getLogger(name).setLevel(Level.FINE);
        }
        Logger.getLogger("").addHandler(handler);
    }

    public static LogCapture start(List<String> verboseLoggers) {
        return new LogCapture(verboseLoggers);
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** What was logged at ERROR (or above), with the logger's name. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(handler);
        levelsBefore.forEach((name, level) -> Logger.getLogger(name).setLevel(level));
    }
}
