/**
 * Issue 12's tests of KV persistence on the real jar, as separate processes: a clean restart ({@code KvRestartIT}),
 * {@code kill -9} under load ({@code KvCrashIT}) and damaged files with {@code courier kv check}
 * ({@code KvDamagedFilesIT}). They start {@code cli/target/courier.jar}, so they run with failsafe after the
 * package phase:
 * <pre>
 * mvn -B -o verify -pl cli -am -DskipTests=false -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test='dev.courier.cli.persist.*IT'
 * </pre>
 * About 65 s of tests on two cores. {@code -Dkv.crash.seed=N} repeats a logged run's kill moments.
 */
package dev.courier.cli.persist;
