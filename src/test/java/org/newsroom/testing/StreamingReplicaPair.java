package org.newsroom.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL primary with a database {@code newsroom} and a real streaming standby of it, made
 * with the same (embedded) binaries for tests of the packaged service. The embedded binaries have
 * no pg_basebackup: the standby is a copy of the data directory taken between
 * {@code pg_backup_start} and {@code pg_backup_stop}, with {@code standby.signal} and a physical
 * replication slot that keeps the WAL it has not received. Both load pg_stat_statements.
 * {@link #close()} stops both and deletes their directories.
 */
public final class StreamingReplicaPair implements AutoCloseable {

    private static final String SLOT = "newsroom_it_standby";

    private final Path primaryDirectory;
    private final Path standbyDirectory;
    private final int primaryPort;
    private final int standbyPort;
    private EmbeddedPostgres primary;
    private EmbeddedPostgres standby;

    private StreamingReplicaPair(String name) throws IOException {
        primaryDirectory = Files.createTempDirectory("newsroom-" + name + "-primary");
        standbyDirectory = Files.createTempDirectory("newsroom-" + name + "-standby");
        primaryPort = PackagedService.freePort();
        standbyPort = PackagedService.freePort();
    }

    /** Starts the primary, creates {@code newsroom} with pg_stat_statements, then the standby. */
    public static StreamingReplicaPair start(String name) throws Exception {
        StreamingReplicaPair pair = new StreamingReplicaPair(name);
        try {
            pair.primary = database(pair.primaryDirectory, pair.primaryPort);
            try (Connection connection = pair.primary.getPostgresDatabase().getConnection()) {
                connection.createStatement().execute("create database newsroom");
            }
            try (Connection connection = connect(pair.primaryPort)) {
                connection.createStatement().execute("create extension pg_stat_statements");
            }
            pair.makeStandby();
            pair.startStandby();
            return pair;
        } catch (Exception | Error e) {
            pair.close();
            throw e;
        }
    }

    public int primaryPort() {
        return primaryPort;
    }

    public int standbyPort() {
        return standbyPort;
    }

    public String primaryUrl() {
        return "jdbc:postgresql://127.0.0.1:" + primaryPort + "/newsroom";
    }

    public String standbyUrl() {
        return "jdbc:postgresql://127.0.0.1:" + standbyPort + "/newsroom";
    }

    /** The environment that points the packaged service at the primary and reads at the standby. */
    public Map<String, String> serviceEnvironment() {
        return Map.of("QUARKUS_DATASOURCE_JDBC_URL", primaryUrl(),
                "QUARKUS_DATASOURCE_USERNAME", "postgres", "QUARKUS_DATASOURCE_PASSWORD", "postgres",
                "NEWSROOM_READ_REPLICA_URL", standbyUrl());
    }

    /** A connection to {@code newsroom} on the given server of this pair. */
    public static Connection connect(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/newsroom", "postgres", "postgres");
    }

    /** Runs one statement as superuser in the {@code postgres} database of the primary. */
    public void executeOnPrimary(String sql) throws SQLException {
        execute(primary, sql);
    }

    /** Runs one statement as superuser in the {@code postgres} database of the standby. */
    public void executeOnStandby(String sql) throws SQLException {
        execute(standby, sql);
    }

    /** Stops the standby (its data directory stays, for {@link #startStandby()}). */
    public void stopStandby() throws IOException {
        EmbeddedPostgres stopping = standby;
        standby = null;
        if (stopping != null) {
            stopping.close();
        }
    }

    public void startStandby() throws IOException {
        standby = database(standbyDirectory, standbyPort);
    }

    @Override
    public void close() throws IOException {
        try {
            closeQuietly(standby);
            closeQuietly(primary);
        } finally {
            standby = null;
            primary = null;
            delete(standbyDirectory);
            delete(primaryDirectory);
        }
    }

    private void makeStandby() throws Exception {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + primaryPort + "/postgres", "postgres", "postgres");
                Statement statement = connection.createStatement()) {
            statement.execute("select pg_create_physical_replication_slot('" + SLOT + "', true)");
            statement.execute("select pg_backup_start('newsroom-standby', true)");
            copyDataDirectory(primaryDirectory, standbyDirectory);
            try (ResultSet stop = statement.executeQuery("select labelfile, spcmapfile from pg_backup_stop(false)")) {
                stop.next();
                Files.writeString(standbyDirectory.resolve("backup_label"), stop.getString(1));
                String tablespaces = stop.getString(2);
                if (tablespaces != null && !tablespaces.isEmpty()) {
                    Files.writeString(standbyDirectory.resolve("tablespace_map"), tablespaces);
                }
            }
        }
        Files.createFile(standbyDirectory.resolve("standby.signal"));
        Files.writeString(standbyDirectory.resolve("postgresql.auto.conf"),
                "\nprimary_conninfo = 'host=127.0.0.1 port=" + primaryPort + " user=postgres'\n"
                        + "primary_slot_name = '" + SLOT + "'\n",
                StandardOpenOption.APPEND);
    }

    private static void copyDataDirectory(Path from, Path to) throws IOException {
        Set<String> leftOut = Set.of("postmaster.pid", "postmaster.opts", "epg-lock");
        Set<String> emptied = Set.of("pg_wal", "pg_replslot", "pg_stat_tmp");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = from.relativize(file);
                if (relative.getNameCount() == 0 || leftOut.contains(relative.toString())) {
                    continue;
                }
                if (relative.getNameCount() > 1 && emptied.contains(relative.getName(0).toString())) {
                    continue;
                }
                Path target = to.resolve(relative);
                try {
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(file, target);
                    }
                } catch (NoSuchFileException removedMeanwhile) {
                    // a file the server removed during the copy: the WAL replayed from the backup's start covers it
                }
            }
        }
        Files.createDirectories(to.resolve("pg_wal").resolve("archive_status"));
    }

    private static EmbeddedPostgres database(Path directory, int port) throws IOException {
        return EmbeddedPostgres.builder().setPort(port).setDataDirectory(directory).setCleanDataDirectory(false)
                .setLocaleConfig("locale", "C").setLocaleConfig("lc-ctype", "C.UTF-8")
                .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                .setServerConfig("pg_stat_statements.track_utility", "off")
                .setPGStartupWait(Duration.ofSeconds(60)).start();
    }

    private static void execute(EmbeddedPostgres server, String sql) throws SQLException {
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void closeQuietly(EmbeddedPostgres server) {
        if (server != null) {
            try {
                server.close();
            } catch (IOException | RuntimeException e) {
                System.err.println("could not stop PostgreSQL: " + e);
            }
        }
    }

    /** Deletes a directory and everything in it; nothing if it does not exist. */
    public static void delete(Path directory) throws IOException {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
