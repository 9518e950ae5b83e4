package io.groupbridge.selfservice;

/**
 * The self-service in force now, as the composition root hands it to the surfaces (command line, REST API, web
 * panel): the use cases and the sign-in built for the conf in force at the moment of the call, and rebuilt by the
 * root when the conf changes (spec S8, C3), so one decision follows one conf. Ask again for each request rather than
 * keeping what it returns. Thread-safe.
 */
public interface SelfServiceSource {

    /** The use cases deciding with the conf in force now. */
    SelfService actions();

    /** Access reviews (spec V1-V8), deciding with the conf in force now. */
    ReviewService reviews();

    /** Sign-in, whose actors get their roles from the conf in force now. */
    SignIn signIn();

    /** The people picker's search over the store's people (no conf in it, so one serves every conf). */
    PeopleSearch people();
}
