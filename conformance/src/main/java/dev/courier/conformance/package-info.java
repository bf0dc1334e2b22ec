/**
 * A conformance kit: runs each rule of a service's spec against any server (a student's, another implementation,
 * Courier's) over plain blocking sockets, and says exactly where the server departs from it, with the bytes sent,
 * expected and received. Cases wait for answers with a timeout and never sleep; each uses one connection at a time
 * unless its rule is about concurrency, and cleans up what it made.
 */
package dev.courier.conformance;
