/**
 * Issue 13's process-level tests of KV on Redis with several Courier nodes: each class starts one real
 * {@code redis-server} and two or three {@code courier serve} processes from the shaded jar that share it, and
 * loses a node ({@code KvNodeLossIT}), freezes one past its lease ({@code KvFencingIT}) or freezes and kills Redis
 * under load ({@code KvRedisOutageIT}). They run with failsafe after the package phase:
 * <pre>
 * mvn -B -o verify -pl cli -am -DskipTests=false -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test='dev.courier.cli.scaleout.*IT'
 * </pre>
 * They need {@code redis-server} and {@code redis-cli} on the PATH.
 */
package dev.courier.cli.scaleout;
