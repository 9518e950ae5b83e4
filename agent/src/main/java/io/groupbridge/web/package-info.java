/**
 * The My Groups web panel and the REST API under {@code /api/v1}: a thin sibling of {@code cli}, served by the
 * daemon ({@code groupbridge run}) or alone ({@code groupbridge serve}). It owns the HTTP server and what every
 * request goes through (sessions kept in the store, CSRF, security headers, body limits, RFC 9457 problems), the
 * panel's pages over the precompiled templates in {@code src/main/jte}, and the API's JSON shapes described by
 * {@code openapi.yaml}. Every page and call asks the self-service services the composition root
 * ({@link io.groupbridge.GroupbridgeApp}) hands out, so the A table holds for the browser, the API and the command
 * line alike. It may not import {@code cli}, {@code directory}, the self-service ports, UnboundID, Jdbi or
 * {@code java.sql} (ArchitectureTest): no rule, no LDAP and no SQL lives here.
 */
package io.groupbridge.web;
