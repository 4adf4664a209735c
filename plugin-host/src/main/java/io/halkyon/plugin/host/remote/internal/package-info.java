/** Implementation of remote plugins: the registration stream, its calls and its checks. Not API. */
package io.halkyon.plugin.host.remote.internal;
