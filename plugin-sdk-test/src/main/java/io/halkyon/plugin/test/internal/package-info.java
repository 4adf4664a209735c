/** The harness's implementation: not API. */
package io.halkyon.plugin.test.internal;
