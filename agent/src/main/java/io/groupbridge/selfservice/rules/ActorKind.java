package io.groupbridge.selfservice.rules;

/** Whether the acting principal is a person entry or a configured service account (spec A, S9). */
public enum ActorKind {
    PERSON,
    SERVICE_PRINCIPAL
}
