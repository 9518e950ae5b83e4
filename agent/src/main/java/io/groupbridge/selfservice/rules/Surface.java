package io.groupbridge.selfservice.rules;

/**
 * Where an action is asked from. Only the My Groups web panel has a rule of its own (spec S2: "this restricts only
 * the panel, not the REST API or the CLI"); the command line and the API follow the other rules alike.
 */
public enum Surface {
    COMMAND_LINE,
    API,
    PANEL
}
