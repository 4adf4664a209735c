/**
 * The test harness for Capability plugin authors (JUnit 5): start a plugin as the host does,
 * or in the JVM ({@link io.halkyon.plugin.test.PluginHarness}), hand it a Capability
 * ({@link io.halkyon.plugin.test.TestCapability}), and assert on what it builds, its updates and
 * conditions ({@link io.halkyon.plugin.test.RenderedCapability},
 * {@link io.halkyon.plugin.test.RenderedDependent}), with golden files
 * ({@link io.halkyon.plugin.test.GoldenFiles}). Failures name the dependent and the field:
 * {@code dependent apps/v1 StatefulSet orders-db: spec.template.spec.containers[0].image: expected "postgres:15" but was "postgres:16"}.
 */
package io.halkyon.plugin.test;
