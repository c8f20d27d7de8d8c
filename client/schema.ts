// Generated from the service's OpenAPI document by `npm run client:generate`. Do not edit.

export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness: the process answers
         * @description No authentication.
         */
        get: operations["health_health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness: PostgreSQL and Redis reachable (503 with Retry-After otherwise)
         * @description No authentication.
         */
        get: operations["health_ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who this API key is
         * @description API key roles: admin, owner, subteam, support.
         */
        get: operations["agencies_me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agencies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create an agency with its wallet and first owner key
         * @description API key roles: admin.
         */
        post: operations["agencies_createAgency"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/support-users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List support users
         * @description API key roles: admin.
         */
        get: operations["agencies_listSupportUsers"];
        put?: never;
        /**
         * Create a support user and their key
         * @description API key roles: admin.
         */
        post: operations["agencies_createSupportUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/support-users/{supportUserId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Disable a support user: their keys stop working at once
         * @description API key roles: admin.
         */
        delete: operations["agencies_disableSupportUser"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agencies/{agencyId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An agency
         * @description API key roles: owner, admin, support.
         */
        get: operations["agencies_getAgency"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change an agency (name, billing emails, pause, overrun allowance, time zone)
         * @description API key roles: owner, admin.
         */
        patch: operations["agencies_updateAgency"];
        trace?: never;
    };
    "/v1/agencies/{agencyId}/subteams": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An agency's subteams, with their spend today and this month against their limits
         * @description API key roles: owner, admin, support.
         */
        get: operations["agencies_listSubteams"];
        put?: never;
        /**
         * Create a subteam and its first key
         * @description API key roles: owner, admin.
         */
        post: operations["agencies_createSubteam"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agencies/{agencyId}/subteams/{subteamId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a subteam (name, pause, spend limits)
         * @description API key roles: owner, admin.
         */
        patch: operations["agencies_updateSubteam"];
        trace?: never;
    };
    "/v1/agencies/{agencyId}/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An agency's API keys (never the keys themselves)
         * @description API key roles: owner, admin.
         */
        get: operations["apiKeys_list"];
        put?: never;
        /**
         * Issue an owner or subteam key
         * @description API key roles: owner, admin.
         */
        post: operations["apiKeys_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agencies/{agencyId}/api-keys/{keyId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke a key: it stops working at once
         * @description API key roles: owner, admin.
         */
        delete: operations["apiKeys_revoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agencies/{agencyId}/api-keys/{keyId}/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate a key: a new key now, the old one works for `graceSeconds` more
         * @description API key roles: owner, admin.
         */
        post: operations["apiKeys_rotate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agencies/{agencyId}/wallet": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The wallet: balance, held, available, pending
         * @description API key roles: owner, admin, support.
         */
        get: operations["wallet_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agencies/{agencyId}/wallet/entries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Ledger entries, newest first
         * @description `format=csv` answers every entry the filter selects as one `text/csv` file instead of JSON pages.
         *
         *     API key roles: owner, admin, support.
         *
         *     Paginated: newest first; pass `nextCursor` back as `cursor` until it is null.
         */
        get: operations["wallet_entries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agencies/{agencyId}/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Owner emails sent or queued, newest first
         * @description API key roles: owner, admin, support.
         *
         *     Paginated: newest first; pass `nextCursor` back as `cursor` until it is null.
         */
        get: operations["notifications_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agencies/{agencyId}/notification-contacts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The agency's people: numbers and what each receives
         * @description API key roles: owner, admin, support.
         */
        get: operations["contacts_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agencies/{agencyId}/notification-contacts/phone": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Add a person's mobile number: texts it a six-digit code
         * @description API key roles: owner, admin.
         */
        put: operations["contacts_addPhone"];
        post?: never;
        /**
         * Remove a person's mobile number
         * @description API key roles: owner, admin.
         */
        delete: operations["contacts_removePhone"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agencies/{agencyId}/notification-contacts/phone/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Verify the number with the texted code
         * @description API key roles: owner, admin.
         */
        post: operations["contacts_verify"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agencies/{agencyId}/notification-preferences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Choose the channels one person receives one kind by
         * @description API key roles: owner, admin.
         */
        put: operations["contacts_setPreference"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/notification-preferences/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A person's preferences, from the link in their emails
         * @description Authenticated by its signature header, not an API key.
         */
        get: operations["preferenceLinks_show"];
        /**
         * Change a preference from the link in an email
         * @description Authenticated by its signature header, not an API key.
         */
        put: operations["preferenceLinks_update"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/notification-preferences/{token}/unsubscribe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * One-click unsubscribe (RFC 8058): this kind's email off for this person
         * @description Mail clients POST `List-Unsubscribe=One-Click` form-encoded; the body is not read.
         *
         *     Authenticated by its signature header, not an API key.
         */
        post: operations["preferenceLinks_unsubscribe"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/twilio/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Twilio status callbacks (for Twilio, not for clients)
         * @description Form-encoded, verified with `X-Twilio-Signature`; a bad signature is 400 and changes nothing.
         *
         *     Authenticated by its signature header, not an API key.
         */
        post: operations["twilioWebhooks_status"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/twilio/inbound": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Texts replying to the sending number (for Twilio): STOP and START
         * @description Form-encoded, verified with `X-Twilio-Signature`; answers empty TwiML.
         *
         *     Authenticated by its signature header, not an API key.
         */
        post: operations["twilioWebhooks_inbound"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agencies/{agencyId}/webhook-endpoint": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The webhook endpoint (never its secret)
         * @description API key roles: owner, admin, support.
         */
        get: operations["agencyWebhooks_getEndpoint"];
        /**
         * Set the endpoint that receives this agency's events
         * @description The signing secret is in the answer only when new (first PUT, or `rotateSecret`).
         *
         *     API key roles: owner, admin.
         */
        put: operations["agencyWebhooks_saveEndpoint"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agencies/{agencyId}/webhook-deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Event deliveries and their outcome, newest first
         * @description API key roles: owner, admin, support.
         *
         *     Paginated: newest first; pass `nextCursor` back as `cursor` until it is null.
         */
        get: operations["agencyWebhooks_listDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agencies/{agencyId}/billing-settings/low-balance-alert": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set the low-balance alert
         * @description API key roles: owner, admin.
         */
        put: operations["alerts_updateLowBalanceAlert"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agencies/{agencyId}/subteams/{subteamId}/limit-alert": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A subteam's limit alert
         * @description API key roles: owner, admin, support.
         */
        get: operations["subteamLimitAlert_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a subteam's limit alert (only the fields sent)
         * @description API key roles: owner, admin.
         */
        patch: operations["subteamLimitAlert_update"];
        trace?: never;
    };
    "/v1/calls/authorize": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Authorize a call: hold funds before it connects
         * @description Idempotent by `callId`: the same call id and amount answer the same hold. An owner key names the `subteamId`.
         *
         *     API key roles: subteam, owner.
         *
         *     Idempotent by its own key: sending the same request again repeats the first answer (`Idempotent-Replayed: true`).
         */
        post: operations["calls_authorize"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/calls/{callId}/settle": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Settle a call: charge its cost, release the rest of the hold
         * @description Idempotent by call id. A cost above the hold is charged up to the agency `maxCallOverrun`.
         *
         *     API key roles: subteam, owner.
         *
         *     Idempotent by its own key: sending the same request again repeats the first answer (`Idempotent-Replayed: true`).
         */
        post: operations["calls_settle"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/calls/{callId}/extend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Extend a call: raise its hold to a new total
         * @description `authorizedAmount` is the new total, not an increment, so a retry is harmless.
         *
         *     API key roles: subteam, owner.
         *
         *     Idempotent by its own key: sending the same request again repeats the first answer (`Idempotent-Replayed: true`).
         */
        post: operations["calls_extend"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/calls/{callId}/release": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Release a call that never connected: give the whole hold back
         * @description API key roles: subteam, owner.
         *
         *     Idempotent by its own key: sending the same request again repeats the first answer (`Idempotent-Replayed: true`).
         */
        post: operations["calls_release"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/calls/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Many call operations in one request (a dialer's batch)
         * @description Up to 100 operations (`authorize`, `extend`, `settle`, `release`), each the body of its single route with `op` and `callId`. They go to the ledger together and apply in the order sent, so a call may be authorized and settled in one batch. Each is answered on its own, in order: `status` and `body` are what its single route would have answered (a refusal such as `insufficient_funds` fails that operation alone), and `replayed` marks an operation that repeats an earlier one (idempotent by call id). The request answers 200 whatever the operations' outcomes; 422 (nothing done) when the envelope is wrong (no `operations` array, empty, more than 100, an unknown `op`), while a malformed operation is answered as its own 422. When every operation failed for a passing reason on our side (5xx), the request answers that 5xx with `Retry-After`: send it again. It costs one rate-limit token per operation.
         *
         *     API key roles: subteam, owner.
         */
        post: operations["calls_batch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report usage without a hold (a direct debit)
         * @description Idempotent by `reference`.
         *
         *     API key roles: subteam, owner.
         *
         *     Idempotent by its own key: sending the same request again repeats the first answer (`Idempotent-Replayed: true`).
         */
        post: operations["calls_usage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subteams/me/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This subteam key's spend per local day
         * @description API key roles: subteam.
         */
        get: operations["calls_myUsage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/support/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Background jobs that used up their retries, by queue
         * @description API key roles: support, admin.
         */
        get: operations["support_deadLetterJobs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/support/agencies/{agencyId}/auto-reload/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * "Why not?": the dry run for an agency, with a sentence (audited as a read)
         * @description API key roles: support, admin.
         */
        post: operations["support_dryRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/support/agencies/{agencyId}/auto-reload/lift-suspension": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Lift an auto-reload suspension (with a reason, audited)
         * @description API key roles: support, admin.
         */
        post: operations["support_liftSuspension"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/support/agencies/{agencyId}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pause an agency (with a reason, audited)
         * @description API key roles: support, admin.
         */
        post: operations["support_pauseAgency"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/support/agencies/{agencyId}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resume an agency (with a reason, audited)
         * @description API key roles: support, admin.
         */
        post: operations["support_resumeAgency"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/support/agencies/{agencyId}/subteams/{subteamId}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pause a subteam (with a reason, audited)
         * @description API key roles: support, admin.
         */
        post: operations["support_pauseSubteam"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/support/agencies/{agencyId}/subteams/{subteamId}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resume a subteam (with a reason, audited)
         * @description API key roles: support, admin.
         */
        post: operations["support_resumeSubteam"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/support/agencies/{agencyId}/notifications/{notificationId}/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send an email again: a new send of the same message, recorded as a resend
         * @description API key roles: support, admin.
         *
         *     Send an `Idempotency-Key` header to make retries safe.
         */
        post: operations["support_resend"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/support/adjustments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Support adjustments; status=pending_approval lists those waiting for a second support user
         * @description API key roles: support, admin.
         *
         *     Paginated: newest first; pass `nextCursor` back as `cursor` until it is null.
         */
        get: operations["support_adjustments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/support/adjustments/{adjustmentId}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve and post an adjustment another support user asked for
         * @description API key roles: support, admin.
         */
        post: operations["support_approve"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/support/adjustments/{adjustmentId}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reject an adjustment waiting for approval (nothing is posted)
         * @description API key roles: support, admin.
         */
        post: operations["support_reject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/support/agencies/{agencyId}/timeline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An agency's timeline: money, payments, emails, settings, newest first
         * @description API key roles: support, admin.
         *
         *     Paginated: newest first; pass `nextCursor` back as `cursor` until it is null.
         */
        get: operations["support_timeline"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/support/payment-failures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Failed payments across agencies, newest first
         * @description API key roles: support, admin.
         *
         *     Paginated: newest first; pass `nextCursor` back as `cursor` until it is null.
         */
        get: operations["support_paymentFailures"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/support/agencies/{agencyId}/adjustments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Credit or debit a wallet by hand (audited, with a reason); a support user's large one waits for approval (202)
         * @description API key roles: support, admin.
         *
         *     Send an `Idempotency-Key` header to make retries safe.
         */
        post: operations["support_adjust"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/support/agencies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Find agencies by name, email or id
         * @description API key roles: support, admin.
         */
        get: operations["support_search"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/support/audit-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The audit log, newest first
         * @description API key roles: support, admin.
         *
         *     Paginated: newest first; pass `nextCursor` back as `cursor` until it is null.
         */
        get: operations["support_auditLog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agencies/{agencyId}/wallet/insights": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Average spend, runway and suggested settings
         * @description API key roles: owner, admin, support.
         */
        get: operations["billingSettings_walletInsights"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agencies/{agencyId}/billing-settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Auto-reload policy and low-balance alert
         * @description API key roles: owner, admin, support.
         */
        get: operations["billingSettings_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agencies/{agencyId}/billing-settings/auto-reload": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set the whole auto-reload policy
         * @description API key roles: owner, admin.
         */
        put: operations["billingSettings_saveAutoReload"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change some auto-reload fields (`null` clears a cap)
         * @description API key roles: owner, admin.
         */
        patch: operations["billingSettings_patchAutoReload"];
        trace?: never;
    };
    "/v1/agencies/{agencyId}/auto-reload/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Dry run: what a reload trigger would do now (charges nothing)
         * @description API key roles: owner, admin.
         */
        post: operations["billingSettings_test"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agencies/{agencyId}/reload-attempts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Reload and top-up attempts, newest first
         * @description API key roles: owner, admin, support.
         *
         *     Paginated: newest first; pass `nextCursor` back as `cursor` until it is null.
         */
        get: operations["reloadAttempts_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agencies/{agencyId}/wallet/top-ups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Top up the wallet now from a saved payment method (the default unless `paymentMethodId` names another)
         * @description A decline is 402 `payment_failed` with the attempt in `details.attempt`. The largest amount is the configured `MAX_RELOAD_AMOUNT`.
         *
         *     API key roles: owner, admin.
         *
         *     Send an `Idempotency-Key` header to make retries safe.
         */
        post: operations["reloadAttempts_topUp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agencies/{agencyId}/reload-attempts/{attemptId}/authenticate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm a requires_action reload with the cardholder: answers the bank’s 3-D Secure page
         * @description API key roles: owner, admin.
         */
        post: operations["reloadAttempts_startAuthentication"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agencies/{agencyId}/reload-attempts/{attemptId}/authenticate/finish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Back from the bank’s page: credit the reload once if the bank confirmed it
         * @description API key roles: owner, admin.
         */
        post: operations["reloadAttempts_finishAuthentication"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/support/agencies/{agencyId}/reload-attempts/{attemptId}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Retry a failed reload attempt (audited)
         * @description API key roles: support, admin.
         *
         *     Send an `Idempotency-Key` header to make retries safe.
         */
        post: operations["reloadAttempts_retry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agencies/{agencyId}/payment-methods": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Saved payment methods, in the order auto-reload tries them
         * @description API key roles: owner, admin, support.
         */
        get: operations["paymentMethods_list"];
        put?: never;
        /**
         * Save a card confirmed with Stripe (pm_…); bank accounts go through setup sessions
         * @description API key roles: owner, admin.
         */
        post: operations["paymentMethods_add"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agencies/{agencyId}/payment-methods/setup-sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start Stripe Checkout in setup mode to save a card or US bank account
         * @description Open `url`; Stripe sends the person to `successUrl` (default: the billing page) with `session_id`, then complete the session.
         *
         *     API key roles: owner, admin.
         */
        post: operations["paymentMethods_startSetup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agencies/{agencyId}/payment-methods/setup-sessions/{sessionId}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Save what a completed setup session collected (once; the webhook may have saved it already)
         * @description API key roles: owner, admin.
         */
        post: operations["paymentMethods_completeSetup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agencies/{agencyId}/payment-methods/order": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Reorder payment methods (the first is the default)
         * @description API key roles: owner, admin.
         */
        put: operations["paymentMethods_reorder"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agencies/{agencyId}/payment-methods/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a payment method
         * @description API key roles: owner, admin.
         */
        delete: operations["paymentMethods_remove"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/stripe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stripe webhook events (for Stripe, not for clients)
         * @description Verified with the `Stripe-Signature` header over the raw body; a bad or stale signature is 400 and changes nothing.
         *
         *     Authenticated by its signature header, not an API key.
         */
        post: operations["stripeWebhooks_receive"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    "wallet.low_balance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Event wallet.low_balance
         * @description Sent to the agency's webhook endpoint (`PUT /v1/agencies/{agencyId}/webhook-endpoint`) as `POST` with `Content-Type: application/json`.
         *
         *     Verify `Agency-Wallet-Signature: t=<unix seconds>,v1=<hex>` on the raw body before parsing it: the hex is HMAC-SHA256, keyed with the whole endpoint secret (`whsec_…`), of `<t>.<raw body>` (Stripe's scheme); refuse a `t` older than 5 minutes.
         *
         *     Delivery is at least once and unordered: dedupe by the event id (also in `Agency-Wallet-Event-Id`).
         */
        post: operations["webhook_wallet_low_balance"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "wallet.depleted": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Event wallet.depleted
         * @description Sent to the agency's webhook endpoint (`PUT /v1/agencies/{agencyId}/webhook-endpoint`) as `POST` with `Content-Type: application/json`.
         *
         *     Verify `Agency-Wallet-Signature: t=<unix seconds>,v1=<hex>` on the raw body before parsing it: the hex is HMAC-SHA256, keyed with the whole endpoint secret (`whsec_…`), of `<t>.<raw body>` (Stripe's scheme); refuse a `t` older than 5 minutes.
         *
         *     Delivery is at least once and unordered: dedupe by the event id (also in `Agency-Wallet-Event-Id`).
         */
        post: operations["webhook_wallet_depleted"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "reload.succeeded": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Event reload.succeeded
         * @description Sent to the agency's webhook endpoint (`PUT /v1/agencies/{agencyId}/webhook-endpoint`) as `POST` with `Content-Type: application/json`.
         *
         *     Verify `Agency-Wallet-Signature: t=<unix seconds>,v1=<hex>` on the raw body before parsing it: the hex is HMAC-SHA256, keyed with the whole endpoint secret (`whsec_…`), of `<t>.<raw body>` (Stripe's scheme); refuse a `t` older than 5 minutes.
         *
         *     Delivery is at least once and unordered: dedupe by the event id (also in `Agency-Wallet-Event-Id`).
         */
        post: operations["webhook_reload_succeeded"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "reload.failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Event reload.failed
         * @description Sent to the agency's webhook endpoint (`PUT /v1/agencies/{agencyId}/webhook-endpoint`) as `POST` with `Content-Type: application/json`.
         *
         *     Verify `Agency-Wallet-Signature: t=<unix seconds>,v1=<hex>` on the raw body before parsing it: the hex is HMAC-SHA256, keyed with the whole endpoint secret (`whsec_…`), of `<t>.<raw body>` (Stripe's scheme); refuse a `t` older than 5 minutes.
         *
         *     Delivery is at least once and unordered: dedupe by the event id (also in `Agency-Wallet-Event-Id`).
         */
        post: operations["webhook_reload_failed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "reload.requires_action": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Event reload.requires_action
         * @description Sent to the agency's webhook endpoint (`PUT /v1/agencies/{agencyId}/webhook-endpoint`) as `POST` with `Content-Type: application/json`.
         *
         *     Verify `Agency-Wallet-Signature: t=<unix seconds>,v1=<hex>` on the raw body before parsing it: the hex is HMAC-SHA256, keyed with the whole endpoint secret (`whsec_…`), of `<t>.<raw body>` (Stripe's scheme); refuse a `t` older than 5 minutes.
         *
         *     Delivery is at least once and unordered: dedupe by the event id (also in `Agency-Wallet-Event-Id`).
         */
        post: operations["webhook_reload_requires_action"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "auto_reload.suspended": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Event auto_reload.suspended
         * @description Sent to the agency's webhook endpoint (`PUT /v1/agencies/{agencyId}/webhook-endpoint`) as `POST` with `Content-Type: application/json`.
         *
         *     Verify `Agency-Wallet-Signature: t=<unix seconds>,v1=<hex>` on the raw body before parsing it: the hex is HMAC-SHA256, keyed with the whole endpoint secret (`whsec_…`), of `<t>.<raw body>` (Stripe's scheme); refuse a `t` older than 5 minutes.
         *
         *     Delivery is at least once and unordered: dedupe by the event id (also in `Agency-Wallet-Event-Id`).
         */
        post: operations["webhook_auto_reload_suspended"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "subteam.limit_warning": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Event subteam.limit_warning
         * @description Sent to the agency's webhook endpoint (`PUT /v1/agencies/{agencyId}/webhook-endpoint`) as `POST` with `Content-Type: application/json`.
         *
         *     Verify `Agency-Wallet-Signature: t=<unix seconds>,v1=<hex>` on the raw body before parsing it: the hex is HMAC-SHA256, keyed with the whole endpoint secret (`whsec_…`), of `<t>.<raw body>` (Stripe's scheme); refuse a `t` older than 5 minutes.
         *
         *     Delivery is at least once and unordered: dedupe by the event id (also in `Agency-Wallet-Event-Id`).
         */
        post: operations["webhook_subteam_limit_warning"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "subteam.limit_reached": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Event subteam.limit_reached
         * @description Sent to the agency's webhook endpoint (`PUT /v1/agencies/{agencyId}/webhook-endpoint`) as `POST` with `Content-Type: application/json`.
         *
         *     Verify `Agency-Wallet-Signature: t=<unix seconds>,v1=<hex>` on the raw body before parsing it: the hex is HMAC-SHA256, keyed with the whole endpoint secret (`whsec_…`), of `<t>.<raw body>` (Stripe's scheme); refuse a `t` older than 5 minutes.
         *
         *     Delivery is at least once and unordered: dedupe by the event id (also in `Agency-Wallet-Event-Id`).
         */
        post: operations["webhook_subteam_limit_reached"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        CallBatchAuthorize: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            op: "authorize";
            callId: string;
            /**
             * @description A decimal string (never a float): not negative, not zero
             * @example 25.00
             */
            amount: string;
            /** Format: uuid */
            subteamId?: string;
        };
        CallBatchExtend: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            op: "extend";
            callId: string;
            /**
             * @description A decimal string (never a float): not negative, not zero
             * @example 25.00
             */
            authorizedAmount: string;
            /** Format: uuid */
            subteamId?: string;
        };
        CallBatchSettle: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            op: "settle";
            callId: string;
            /**
             * @description A decimal string (never a float): not negative
             * @example 25.00
             */
            cost: string;
            /** Format: uuid */
            subteamId?: string;
        };
        CallBatchRelease: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            op: "release";
            callId: string;
            /** Format: uuid */
            subteamId?: string;
        };
        WalletLowBalanceEvent: {
            /**
             * Format: uuid
             * @description The event id: the same across retries; dedupe by it
             */
            id: string;
            /** @constant */
            type: "wallet.low_balance";
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            /** Format: uuid */
            agencyId: string;
            data: {
                available: components["schemas"]["Money"];
                threshold: components["schemas"]["Money"];
                runwayHours: number | null;
                currency: string;
            } & {
                [key: string]: unknown;
            };
        };
        /**
         * @description A decimal string in the wallet currency (never a float), e.g. "12.50"
         * @example 12.50
         */
        Money: string;
        WalletDepletedEvent: {
            /**
             * Format: uuid
             * @description The event id: the same across retries; dedupe by it
             */
            id: string;
            /** @constant */
            type: "wallet.depleted";
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            /** Format: uuid */
            agencyId: string;
            data: {
                available: components["schemas"]["Money"];
                currency: string;
            } & {
                [key: string]: unknown;
            };
        };
        ReloadSucceededEvent: {
            /**
             * Format: uuid
             * @description The event id: the same across retries; dedupe by it
             */
            id: string;
            /** @constant */
            type: "reload.succeeded";
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            /** Format: uuid */
            agencyId: string;
            data: {
                /** Format: uuid */
                attemptId: string;
                trigger: string;
                amount: components["schemas"]["Money"];
                currency: string;
                paymentMethod: ({
                    brand: string | null;
                    last4: string | null;
                    type: string;
                } & {
                    [key: string]: unknown;
                }) | null;
                balance: components["schemas"]["Money"];
            } & {
                [key: string]: unknown;
            };
        };
        ReloadFailedEvent: {
            /**
             * Format: uuid
             * @description The event id: the same across retries; dedupe by it
             */
            id: string;
            /** @constant */
            type: "reload.failed";
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            /** Format: uuid */
            agencyId: string;
            data: {
                /** Format: uuid */
                attemptId: string;
                trigger: string;
                amount: components["schemas"]["Money"];
                currency: string;
                paymentMethod: ({
                    brand: string | null;
                    last4: string | null;
                    type: string;
                } & {
                    [key: string]: unknown;
                }) | null;
                balance: components["schemas"]["Money"];
                declineCode: string | null;
                declineMessage: string | null;
                /** @enum {string} */
                nextStep: "fallback" | "suspended" | "none";
            } & {
                [key: string]: unknown;
            };
        };
        ReloadRequiresActionEvent: {
            /**
             * Format: uuid
             * @description The event id: the same across retries; dedupe by it
             */
            id: string;
            /** @constant */
            type: "reload.requires_action";
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            /** Format: uuid */
            agencyId: string;
            data: {
                /** Format: uuid */
                attemptId: string;
                trigger: string;
                amount: components["schemas"]["Money"];
                currency: string;
                paymentMethod: ({
                    brand: string | null;
                    last4: string | null;
                    type: string;
                } & {
                    [key: string]: unknown;
                }) | null;
                balance: components["schemas"]["Money"];
                authenticationUrl: string | null;
            } & {
                [key: string]: unknown;
            };
        };
        AutoReloadSuspendedEvent: {
            /**
             * Format: uuid
             * @description The event id: the same across retries; dedupe by it
             */
            id: string;
            /** @constant */
            type: "auto_reload.suspended";
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            /** Format: uuid */
            agencyId: string;
            data: {
                /** Format: uuid */
                attemptId: string;
                consecutiveFailures: number;
                lastDeclineCode: string | null;
                lastDeclineMessage: string | null;
            } & {
                [key: string]: unknown;
            };
        };
        SubteamLimitWarningEvent: {
            /**
             * Format: uuid
             * @description The event id: the same across retries; dedupe by it
             */
            id: string;
            /** @constant */
            type: "subteam.limit_warning";
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            /** Format: uuid */
            agencyId: string;
            data: {
                /** Format: uuid */
                subteamId: string;
                subteamName: string;
                /** @enum {string} */
                window: "daily" | "monthly";
                /** @description The local day (YYYY-MM-DD) or month (YYYY-MM) */
                windowLabel: string;
                spent: components["schemas"]["Money"];
                limit: components["schemas"]["Money"];
                percentUsed: number;
                currency: string;
                percent: number;
            } & {
                [key: string]: unknown;
            };
        };
        SubteamLimitReachedEvent: {
            /**
             * Format: uuid
             * @description The event id: the same across retries; dedupe by it
             */
            id: string;
            /** @constant */
            type: "subteam.limit_reached";
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            /** Format: uuid */
            agencyId: string;
            data: {
                /** Format: uuid */
                subteamId: string;
                subteamName: string;
                /** @enum {string} */
                window: "daily" | "monthly";
                /** @description The local day (YYYY-MM-DD) or month (YYYY-MM) */
                windowLabel: string;
                spent: components["schemas"]["Money"];
                limit: components["schemas"]["Money"];
                percentUsed: number;
                currency: string;
            } & {
                [key: string]: unknown;
            };
        };
        Principal: {
            /** @enum {string} */
            role: "admin" | "owner" | "subteam" | "support";
            id: string;
            /** Format: uuid */
            agencyId?: string;
            /** Format: uuid */
            subteamId?: string;
            /** Format: uuid */
            supportUserId?: string;
            name?: string;
        };
        Error: {
            error: {
                /**
                 * @description Stable, machine-readable; see the list of codes
                 * @enum {string}
                 */
                code: "validation_error" | "unauthorized" | "forbidden" | "not_found" | "idempotency_conflict" | "paused" | "api_key_rotated" | "call_released" | "insufficient_funds" | "spend_limit_exceeded" | "payment_failed" | "card_declined" | "cost_exceeds_authorization" | "unsupported_media_type" | "rate_limited" | "overloaded" | "payment_provider_unavailable" | "notification_required" | "verification_not_pending" | "verification_expired" | "verification_locked" | "invalid_code" | "adjustment_limit_exceeded" | "adjustment_decided" | "internal_error" | "service_unavailable";
                /** @description For people; may change */
                message: string;
                /** @description Structured context, e.g. `fields` for validation errors, `retryAfterSeconds` */
                details: {
                    [key: string]: unknown;
                };
            };
        };
        SupportUser: {
            /** Format: uuid */
            id: string;
            email: string;
            isAdmin: boolean;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            disabledAt: string | null;
        };
        Agency: {
            /** Format: uuid */
            id: string;
            name: string;
            ownerEmail: string;
            billingEmails: string[];
            paused: boolean;
            maxCallOverrun: components["schemas"]["Money"];
            timeZone: string;
            currency: string;
            /** Format: uuid */
            walletId: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            updatedAt: string;
        };
        SubteamWithSpend: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            agencyId: string;
            name: string;
            paused: boolean;
            dailySpendLimit: components["schemas"]["Money"] | null;
            monthlySpendLimit: components["schemas"]["Money"] | null;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            updatedAt: string;
            spend: {
                timeZone: string;
                /** @description Open holds, counted against both windows */
                held: components["schemas"]["Money"];
                today: {
                    /** Format: date */
                    date: string;
                    spent: components["schemas"]["Money"];
                    limit: components["schemas"]["Money"] | null;
                    remaining: components["schemas"]["Money"] | null;
                };
                month: {
                    /** Format: date */
                    from: string;
                    spent: components["schemas"]["Money"];
                    limit: components["schemas"]["Money"] | null;
                    remaining: components["schemas"]["Money"] | null;
                };
            };
        };
        Subteam: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            agencyId: string;
            name: string;
            paused: boolean;
            dailySpendLimit: components["schemas"]["Money"] | null;
            monthlySpendLimit: components["schemas"]["Money"] | null;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            updatedAt: string;
        };
        ApiKey: {
            /** Format: uuid */
            id: string;
            name: string;
            /** @enum {string} */
            scope: "owner" | "subteam";
            subteamId: string | null;
            /** @description The first characters of the key, to recognise it */
            prefix: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            lastUsedAt: string | null;
            expiresAt: string | null;
        };
        IssuedApiKey: {
            /** Format: uuid */
            id: string;
            name: string;
            /** @enum {string} */
            scope: "owner" | "subteam";
            subteamId: string | null;
            /** @description The first characters of the key, to recognise it */
            prefix: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            lastUsedAt: string | null;
            expiresAt: string | null;
            /** @description The API key, shown this once: store it now */
            apiKey: string;
        };
        Wallet: {
            balance: components["schemas"]["Money"];
            held: components["schemas"]["Money"];
            /** @description balance - held: what calls may still authorize */
            available: components["schemas"]["Money"];
            /** @description Bank debits initiated but not yet cleared */
            pending: components["schemas"]["Money"];
            currency: string;
            /** @enum {string} */
            status: "active" | "low" | "depleted" | "paused";
        };
        LedgerEntry: {
            /** @description Sequence number (also the pagination cursor) */
            id: string;
            /** Format: uuid */
            walletId: string;
            subteamId: string | null;
            /** @enum {string} */
            type: "usage" | "reload" | "top_up" | "adjustment" | "refund" | "dispute";
            source: string | null;
            amount: components["schemas"]["Money"];
            balanceAfter: components["schemas"]["Money"];
            reference: string | null;
            description: string | null;
            overrun: components["schemas"]["Money"] | null;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
        };
        Notification: {
            id: string;
            template: string;
            /**
             * @description An email to one address, or a text to one number
             * @enum {string}
             */
            channel: "email" | "sms";
            recipients: string[];
            subject: string | null;
            /** @enum {string} */
            status: "queued" | "sending" | "sent" | "failed" | "skipped";
            attempts: number;
            lastError: string | null;
            messageId: string | null;
            /** @description The email this one sends again (a support resend) */
            resendOf: string | null;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            sentAt: string | null;
            /** @description A text's delivery as Twilio last reported it (sent, delivered, undelivered, failed) */
            delivery?: {
                status: string | null;
                errorCode: string | null;
            };
        };
        NotificationPerson: {
            email: string;
            roles: ("owner" | "billing" | "member" | "subteam_contact")[];
            phone: string | null;
            phoneVerified: boolean;
            /** @description The number replied STOP (or Twilio reported it unsubscribed) */
            smsOptedOut: boolean;
            /** @description Channels per kind of notification; [] = none */
            preferences: {
                [key: string]: ("email" | "sms")[];
            };
        };
        NotificationPreferencesLink: {
            email: string;
            phone: string | null;
            phoneVerified: boolean;
            /** @description The number replied STOP (or Twilio reported it unsubscribed) */
            smsOptedOut: boolean;
            /** @description Channels per kind of notification; [] = none */
            preferences: {
                [key: string]: ("email" | "sms")[];
            };
        };
        WebhookEndpointSaved: {
            url: string;
            enabled: boolean;
            /** @description whsec_…, shown only when new: store it now */
            secret: string | null;
        };
        WebhookEndpoint: {
            url: string | null;
            enabled: boolean;
        };
        WebhookDelivery: {
            /**
             * Format: uuid
             * @description The event id
             */
            id: string;
            /** @enum {string} */
            type: "wallet.low_balance" | "wallet.depleted" | "reload.succeeded" | "reload.failed" | "reload.requires_action" | "auto_reload.suspended" | "subteam.limit_warning" | "subteam.limit_reached";
            /** @enum {string} */
            status: "queued" | "sending" | "delivered" | "failed";
            attempts: number;
            lastStatusCode: number | null;
            lastError: string | null;
            data: {
                [key: string]: unknown;
            };
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            deliveredAt: string | null;
        };
        LowBalanceAlert: {
            enabled: boolean;
            threshold: components["schemas"]["Money"];
        };
        SubteamLimitAlert: {
            enabled: boolean;
            percent: number;
            sms: boolean;
            contactEmail: string | null;
        };
        /** @description The hold on the wallet for this call (the total authorized so far after an extend) */
        CallAuthorization: {
            callId: string;
            /** Format: uuid */
            holdId: string;
            authorizedAmount: components["schemas"]["Money"];
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            expiresAt: string;
        };
        CallSettlement: {
            callId: string;
            charged: components["schemas"]["Money"];
            released: components["schemas"]["Money"];
            balanceAfter: components["schemas"]["Money"];
        };
        CallRelease: {
            callId: string;
            status: string;
            released: components["schemas"]["Money"];
        };
        /** @description One result per operation, in the order sent */
        CallBatchResults: {
            results: (components["schemas"]["CallBatchAuthorizeResult"] | components["schemas"]["CallBatchExtendResult"] | components["schemas"]["CallBatchSettleResult"] | components["schemas"]["CallBatchReleaseResult"])[];
        };
        CallBatchAuthorizeResult: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            op: "authorize";
            /** @description The operation's `callId` as sent; null when it was missing or malformed */
            callId: string | null;
            /** @description What the single route would have answered: 201 on success, else the error's status */
            status: number;
            /** @description True when this repeats the first answer for this call (the single route's `Idempotent-Replayed: true`) */
            replayed: boolean;
            /** @description The single route's body, or the error body */
            body: components["schemas"]["CallAuthorization"] | components["schemas"]["Error"];
        };
        CallBatchExtendResult: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            op: "extend";
            /** @description The operation's `callId` as sent; null when it was missing or malformed */
            callId: string | null;
            /** @description What the single route would have answered: 200 on success, else the error's status */
            status: number;
            /** @description True when this repeats the first answer for this call (the single route's `Idempotent-Replayed: true`) */
            replayed: boolean;
            /** @description The single route's body, or the error body */
            body: components["schemas"]["CallAuthorization"] | components["schemas"]["Error"];
        };
        CallBatchSettleResult: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            op: "settle";
            /** @description The operation's `callId` as sent; null when it was missing or malformed */
            callId: string | null;
            /** @description What the single route would have answered: 200 on success, else the error's status */
            status: number;
            /** @description True when this repeats the first answer for this call (the single route's `Idempotent-Replayed: true`) */
            replayed: boolean;
            /** @description The single route's body, or the error body */
            body: components["schemas"]["CallSettlement"] | components["schemas"]["Error"];
        };
        CallBatchReleaseResult: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            op: "release";
            /** @description The operation's `callId` as sent; null when it was missing or malformed */
            callId: string | null;
            /** @description What the single route would have answered: 200 on success, else the error's status */
            status: number;
            /** @description True when this repeats the first answer for this call (the single route's `Idempotent-Replayed: true`) */
            replayed: boolean;
            /** @description The single route's body, or the error body */
            body: components["schemas"]["CallRelease"] | components["schemas"]["Error"];
        };
        SubteamUsage: {
            /** Format: uuid */
            subteamId: string;
            timeZone: string;
            /** Format: date */
            from: string;
            /** Format: date */
            to: string;
            total: components["schemas"]["Money"];
            days: {
                /** Format: date */
                date: string;
                spent: components["schemas"]["Money"];
            }[];
        };
        PaymentMethod: {
            /** Format: uuid */
            id: string;
            /** @description `card` or a bank debit type such as `us_bank_account` */
            type: string;
            brand: string | null;
            last4: string | null;
            expMonth: number | null;
            expYear: number | null;
            bankName: string | null;
            /** @description 1 is tried first */
            priority: number;
            isDefault: boolean;
        };
        SupportAdjustment: {
            /** Format: uuid */
            id: string;
            agency: {
                /** Format: uuid */
                id: string;
                name: string;
            };
            amount: components["schemas"]["Money"];
            reason: string;
            /** @enum {string} */
            status: "pending_approval" | "posted" | "rejected";
            requestedBy: {
                id: string;
                email: string | null;
            };
            decidedBy: {
                id: string;
                email: string | null;
            } | null;
            decisionReason: string | null;
            ledgerEntryId: string | null;
            /** @description Pending, and not asked for by the caller */
            mayApprove: boolean;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            decidedAt: string | null;
        };
        TimelineItem: {
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            at: string;
            /** @enum {string} */
            kind: "ledger_entry" | "hold_opened" | "hold_closed" | "reload_attempt" | "reload_event" | "notification" | "settings_change" | "stripe_webhook" | "reconciliation";
            id: string;
            summary: string;
            data: {
                [key: string]: unknown;
            };
        };
        PaymentFailure: {
            /** Format: uuid */
            attemptId: string;
            agency: {
                /** Format: uuid */
                id: string;
                name: string;
            };
            trigger: string;
            status: string;
        } & {
            [key: string]: unknown;
        };
        AuditEntry: {
            id: string;
            actorRole: string;
            actorId: string;
            actorName: string | null;
            agencyId: string | null;
            action: string;
            targetType: string | null;
            targetId: string | null;
            before: unknown;
            after: unknown;
            reason: string | null;
            requestId: string | null;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
        };
        WalletInsights: {
            avgDailySpend7d: components["schemas"]["Money"];
            avgDailySpend30d: components["schemas"]["Money"];
            runwayHours: number | null;
            suggestedThreshold: components["schemas"]["Money"];
            suggestedReloadAmount: components["schemas"]["Money"];
            reloadsLast24h: number;
            warnings: string[];
        };
        BillingSettings: {
            autoReload: components["schemas"]["AutoReloadPolicy"];
            lowBalanceAlert: components["schemas"]["LowBalanceAlert"];
        };
        AutoReloadPolicy: {
            enabled: boolean;
            threshold: components["schemas"]["Money"];
            /** @enum {string} */
            mode: "fixed" | "to_target";
            amount: components["schemas"]["Money"] | null;
            targetBalance: components["schemas"]["Money"] | null;
            dailyCap: components["schemas"]["Money"] | null;
            monthlyCap: components["schemas"]["Money"] | null;
            fallbackToBackupMethods: boolean;
            suspended: boolean;
            suspendedAt: string | null;
            suspendedReason: string | null;
            consecutiveFailures: number;
        };
        AutoReloadDryRun: {
            wouldReload: boolean;
            reason: string;
            explanation: string;
            amount: components["schemas"]["Money"] | null;
            paymentMethod: components["schemas"]["PaymentMethod"] | null;
            dailyCapRemaining: components["schemas"]["Money"] | null;
            warnings: string[];
        };
        ReloadAttempt: {
            /** Format: uuid */
            id: string;
            trigger: string;
            amount: components["schemas"]["Money"];
            currency: string;
            /** @enum {string} */
            status: "processing" | "pending_clearance" | "succeeded" | "failed" | "requires_action" | "skipped";
            paymentMethod: {
                /** Format: uuid */
                id: string;
                type: string;
                brand: string | null;
                last4: string | null;
            } | null;
            declineCode: string | null;
            declineMessage: string | null;
            declineReason: string | null;
            declineNextStep: string | null;
            statementDescriptor: string | null;
            skipReason: string | null;
            stripePaymentIntentId: string | null;
            retryOf: string | null;
            fallbackOf: string | null;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description ISO 8601, UTC
             */
            updatedAt: string;
            completedAt: string | null;
        };
        ReloadAuthentication: {
            /** @enum {string} */
            status: "requires_action" | "succeeded" | "processing" | "failed";
            /** @description The bank's 3-D Secure page to open (start only; null once there is nothing to confirm) */
            redirectUrl?: string | null;
            /** @description Whether this call credited the wallet (a webhook may have done it first) */
            credited: boolean;
            attempt: components["schemas"]["ReloadAttempt"];
            message: string | null;
        };
        ReloadRetry: {
            started: boolean;
            reason: string | null;
            explanation: string;
            attempt: components["schemas"]["ReloadAttempt"] | null;
        };
        SetupSession: {
            /** @description Stripe's Checkout Session id (`cs_…`) */
            id: string;
            /** @description Stripe's page to open: the person picks a card or US bank account there */
            url: string | null;
            /** @description ISO 8601; Stripe expires an unfinished session after 24 hours */
            expiresAt: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    health_health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        status: "ok";
                    };
                };
            };
        };
    };
    health_ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ready" | "not_ready" | "shutting_down";
                        checks: {
                            /** @enum {string} */
                            postgres?: "up" | "down";
                            /** @enum {string} */
                            redis?: "up" | "down";
                        };
                    };
                };
            };
            /** @description Success */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ready" | "not_ready" | "shutting_down";
                        checks: {
                            /** @enum {string} */
                            postgres?: "up" | "down";
                            /** @enum {string} */
                            redis?: "up" | "down";
                        };
                    };
                };
            };
        };
    };
    agencies_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Principal"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    agencies_createAgency: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** Format: email */
                    ownerEmail: string;
                    /** @default USD */
                    currency?: string;
                    timeZone?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        name: string;
                        ownerEmail: string;
                        billingEmails: string[];
                        paused: boolean;
                        maxCallOverrun: components["schemas"]["Money"];
                        timeZone: string;
                        currency: string;
                        /** Format: uuid */
                        walletId: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC
                         */
                        createdAt: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC
                         */
                        updatedAt: string;
                        /** @description The API key, shown this once: store it now */
                        apiKey: string;
                    };
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    agencies_listSupportUsers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["SupportUser"][];
                    };
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    agencies_createSupportUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        email: string;
                        /** @description The API key, shown this once: store it now */
                        apiKey: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC
                         */
                        createdAt: string;
                    };
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `idempotency_conflict`: The same idempotency key (or call id) was used with a different request. */
            409: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    agencies_disableSupportUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                supportUserId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success, no body */
            204: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    agencies_getAgency: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Agency"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    agencies_updateAgency: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    name?: string;
                    billingEmails?: string[];
                    paused?: boolean;
                    /**
                     * @description A decimal string (never a float): not negative, at most "1000.00"
                     * @example 25.00
                     */
                    maxCallOverrun?: string;
                    timeZone?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Agency"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    agencies_listSubteams: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["SubteamWithSpend"][];
                    };
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    agencies_createSubteam: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    dailySpendLimit?: string | null;
                    monthlySpendLimit?: string | null;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uuid */
                        id: string;
                        /** Format: uuid */
                        agencyId: string;
                        name: string;
                        paused: boolean;
                        dailySpendLimit: components["schemas"]["Money"] | null;
                        monthlySpendLimit: components["schemas"]["Money"] | null;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC
                         */
                        createdAt: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601, UTC
                         */
                        updatedAt: string;
                        /** @description The API key, shown this once: store it now */
                        apiKey: string;
                    };
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    agencies_updateSubteam: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                subteamId: string;
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    name?: string;
                    paused?: boolean;
                    dailySpendLimit?: string | null;
                    monthlySpendLimit?: string | null;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Subteam"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    apiKeys_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ApiKey"][];
                    };
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    apiKeys_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @enum {string} */
                    scope: "owner" | "subteam";
                    /** Format: uuid */
                    subteamId?: string;
                    expiresInDays?: number;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IssuedApiKey"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    apiKeys_revoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                keyId: string;
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success, no body */
            204: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    apiKeys_rotate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                keyId: string;
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** @default 0 */
                    graceSeconds?: number;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IssuedApiKey"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `api_key_rotated`: This API key was already rotated; rotate its replacement (`details.replacedBy`). */
            409: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    wallet_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Wallet"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    wallet_entries: {
        parameters: {
            query?: {
                subteamId?: string;
                type?: "usage" | "reload" | "top_up" | "adjustment" | "refund" | "dispute";
                from?: string;
                to?: string;
                format?: "json" | "csv";
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["LedgerEntry"][];
                        /** @description Pass as `cursor` for the next page; null on the last page */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    notifications_list: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Notification"][];
                        /** @description Pass as `cursor` for the next page; null on the last page */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    contacts_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["NotificationPerson"][];
                    };
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    contacts_addPhone: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    phone: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationPerson"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    contacts_removePhone: {
        parameters: {
            query: {
                email: string;
            };
            header?: never;
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationPerson"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    contacts_verify: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    code: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationPerson"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `verification_not_pending`: No verification code is waiting for this number (never sent, or already used): add the number again. */
            409: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `verification_expired`: The verification code expired (10 minutes): add the number again for a new one. */
            410: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description `invalid_code`: Not the code that was texted; `details.attemptsLeft` says how many tries remain.
             *
             *     `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400).
             */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description `verification_locked`: Five wrong codes: add the number again for a new one.
             *
             *     `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds.
             */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    contacts_setPreference: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    /** @enum {string} */
                    kind: "payment-failed" | "requires-action" | "low-balance" | "reload-succeeded" | "daily-cap-reached" | "reload-limit-reached" | "auto-reload-suspended" | "settings-updated" | "service-paused" | "funds-pending" | "card-expiring" | "no-payment-method" | "subteam-limit-warning" | "subteam-limit-reached";
                    channels: ("email" | "sms")[];
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationPerson"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `notification_required`: The owner keeps payment failures and auto-reload suspensions by email or SMS: both channels cannot be turned off. */
            409: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    preferenceLinks_show: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The signed token from the link */
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationPreferencesLink"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            400: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    preferenceLinks_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The signed token from the link */
                token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    kind: "payment-failed" | "requires-action" | "low-balance" | "reload-succeeded" | "daily-cap-reached" | "reload-limit-reached" | "auto-reload-suspended" | "settings-updated" | "service-paused" | "funds-pending" | "card-expiring" | "no-payment-method" | "subteam-limit-warning" | "subteam-limit-reached";
                    channels: ("email" | "sms")[];
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        email: string;
                        /** @description Channels per kind of notification; [] = none */
                        preferences: {
                            [key: string]: ("email" | "sms")[];
                        };
                    };
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            400: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `notification_required`: The owner keeps payment failures and auto-reload suspensions by email or SMS: both channels cannot be turned off. */
            409: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    preferenceLinks_unsubscribe: {
        parameters: {
            query: {
                kind: "payment-failed" | "requires-action" | "low-balance" | "reload-succeeded" | "daily-cap-reached" | "reload-limit-reached" | "auto-reload-suspended" | "settings-updated" | "service-paused" | "funds-pending" | "card-expiring" | "no-payment-method" | "subteam-limit-warning" | "subteam-limit-reached";
            };
            header?: never;
            path: {
                /** @description The signed token from the link */
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        email: string;
                        kind: string;
                        channels: ("email" | "sms")[];
                    };
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            400: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `notification_required`: The owner keeps payment failures and auto-reload suspensions by email or SMS: both channels cannot be turned off. */
            409: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    twilioWebhooks_status: {
        parameters: {
            query?: never;
            header: {
                /** @description The signature over the raw body */
                "X-Twilio-Signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    MessageSid: string;
                    MessageStatus: string;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description Success, no body */
            204: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            400: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    twilioWebhooks_inbound: {
        parameters: {
            query?: never;
            header: {
                /** @description The signature over the raw body */
                "X-Twilio-Signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    From: string;
                    Body: string;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": string;
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            400: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    agencyWebhooks_getEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    agencyWebhooks_saveEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: uri */
                    url: string;
                    enabled: boolean;
                    rotateSecret?: boolean;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointSaved"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    agencyWebhooks_listDeliveries: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["WebhookDelivery"][];
                        /** @description Pass as `cursor` for the next page; null on the last page */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    alerts_updateLowBalanceAlert: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    enabled: boolean;
                    /**
                     * @description A decimal string (never a float): not negative
                     * @example 25.00
                     */
                    threshold: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LowBalanceAlert"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    subteamLimitAlert_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                subteamId: string;
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubteamLimitAlert"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    subteamLimitAlert_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                subteamId: string;
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    enabled?: boolean;
                    percent?: number;
                    sms?: boolean;
                    contactEmail?: string | null;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubteamLimitAlert"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    calls_authorize: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    callId: string;
                    /**
                     * @description A decimal string (never a float): not negative, not zero
                     * @example 25.00
                     */
                    amount: string;
                    /** Format: uuid */
                    subteamId?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description `true` when this answer repeats the first answer to the same idempotency key (or call id); nothing was done twice */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CallAuthorization"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description `insufficient_funds`: The available balance does not cover the amount.
             *
             *     `spend_limit_exceeded`: The subteam's daily or monthly spend limit would be exceeded.
             */
            402: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description `paused`: The agency or subteam is paused.
             *
             *     `idempotency_conflict`: The same idempotency key (or call id) was used with a different request.
             *
             *     `call_released`: The call is no longer in progress (released, settled or expired).
             */
            409: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description `overloaded`: The wallet's writer queue is full; retry after `Retry-After` seconds.
             *
             *     `service_unavailable`: The database or another dependency is down; nothing was done, retry later.
             */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    calls_settle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                callId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description A decimal string (never a float): not negative
                     * @example 25.00
                     */
                    cost: string;
                    /** Format: uuid */
                    subteamId?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description `true` when this answer repeats the first answer to the same idempotency key (or call id); nothing was done twice */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CallSettlement"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description `call_released`: The call is no longer in progress (released, settled or expired).
             *
             *     `idempotency_conflict`: The same idempotency key (or call id) was used with a different request.
             */
            409: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description `cost_exceeds_authorization`: The cost is above the hold by more than the agency's `maxCallOverrun`; nothing was charged.
             *
             *     `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400).
             */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description `overloaded`: The wallet's writer queue is full; retry after `Retry-After` seconds.
             *
             *     `service_unavailable`: The database or another dependency is down; nothing was done, retry later.
             */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    calls_extend: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                callId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description A decimal string (never a float): not negative, not zero
                     * @example 25.00
                     */
                    authorizedAmount: string;
                    /** Format: uuid */
                    subteamId?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description `true` when this answer repeats the first answer to the same idempotency key (or call id); nothing was done twice */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CallAuthorization"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description `insufficient_funds`: The available balance does not cover the amount.
             *
             *     `spend_limit_exceeded`: The subteam's daily or monthly spend limit would be exceeded.
             */
            402: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description `paused`: The agency or subteam is paused.
             *
             *     `call_released`: The call is no longer in progress (released, settled or expired).
             *
             *     `idempotency_conflict`: The same idempotency key (or call id) was used with a different request.
             */
            409: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description `overloaded`: The wallet's writer queue is full; retry after `Retry-After` seconds.
             *
             *     `service_unavailable`: The database or another dependency is down; nothing was done, retry later.
             */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    calls_release: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                callId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** Format: uuid */
                    subteamId?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description `true` when this answer repeats the first answer to the same idempotency key (or call id); nothing was done twice */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CallRelease"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `idempotency_conflict`: The same idempotency key (or call id) was used with a different request. */
            409: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description `overloaded`: The wallet's writer queue is full; retry after `Retry-After` seconds.
             *
             *     `service_unavailable`: The database or another dependency is down; nothing was done, retry later.
             */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    calls_batch: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description 1 to 100 operations, applied in this order and answered in this order */
                    operations: (components["schemas"]["CallBatchAuthorize"] | components["schemas"]["CallBatchExtend"] | components["schemas"]["CallBatchSettle"] | components["schemas"]["CallBatchRelease"])[];
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CallBatchResults"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description `overloaded`: The wallet's writer queue is full; retry after `Retry-After` seconds.
             *
             *     `service_unavailable`: The database or another dependency is down; nothing was done, retry later.
             */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    calls_usage: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description A decimal string (never a float): not negative, not zero
                     * @example 25.00
                     */
                    amount: string;
                    reference: string;
                    description?: string;
                    /** Format: uuid */
                    subteamId?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description `true` when this answer repeats the first answer to the same idempotency key (or call id); nothing was done twice */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LedgerEntry"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description `insufficient_funds`: The available balance does not cover the amount.
             *
             *     `spend_limit_exceeded`: The subteam's daily or monthly spend limit would be exceeded.
             */
            402: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description `paused`: The agency or subteam is paused.
             *
             *     `idempotency_conflict`: The same idempotency key (or call id) was used with a different request.
             */
            409: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description `overloaded`: The wallet's writer queue is full; retry after `Retry-After` seconds.
             *
             *     `service_unavailable`: The database or another dependency is down; nothing was done, retry later.
             */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    calls_myUsage: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubteamUsage"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    support_deadLetterJobs: {
        parameters: {
            query?: {
                queue?: "auto-reload" | "notifications" | "agency-webhooks";
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            queue: string;
                            failed: number;
                            jobs: {
                                id: string;
                                name: string;
                                data: unknown;
                                attemptsMade: number;
                                failedReason: string | null;
                                failedAt: string | null;
                                /**
                                 * Format: date-time
                                 * @description ISO 8601, UTC
                                 */
                                createdAt: string;
                            }[];
                        }[];
                    };
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    support_dryRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        wouldReload: boolean;
                        reason: string;
                        explanation: string;
                        amount: components["schemas"]["Money"] | null;
                        paymentMethod: components["schemas"]["PaymentMethod"] | null;
                        dailyCapRemaining: components["schemas"]["Money"] | null;
                        warnings: string[];
                        answer: string;
                    };
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    support_liftSuspension: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        enabled: boolean;
                        threshold: components["schemas"]["Money"];
                        /** @enum {string} */
                        mode: "fixed" | "to_target";
                        amount: components["schemas"]["Money"] | null;
                        targetBalance: components["schemas"]["Money"] | null;
                        dailyCap: components["schemas"]["Money"] | null;
                        monthlyCap: components["schemas"]["Money"] | null;
                        fallbackToBackupMethods: boolean;
                        suspended: boolean;
                        suspendedAt: string | null;
                        suspendedReason: string | null;
                        consecutiveFailures: number;
                        changed: boolean;
                    };
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    support_pauseAgency: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Agency"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    support_resumeAgency: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Agency"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    support_pauseSubteam: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                subteamId: string;
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Subteam"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    support_resumeSubteam: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                subteamId: string;
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Subteam"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    support_resend: {
        parameters: {
            query?: never;
            header?: {
                /** @description Any unique string per intended operation; a retry with the same key (after a timeout, say) repeats the first answer instead of doing it twice */
                "Idempotency-Key"?: string;
            };
            path: {
                notificationId: string;
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description `true` when this answer repeats the first answer to the same idempotency key (or call id); nothing was done twice */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Notification"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `idempotency_conflict`: The same idempotency key (or call id) was used with a different request. */
            409: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    support_adjustments: {
        parameters: {
            query?: {
                status?: "pending_approval" | "posted" | "rejected";
                agencyId?: string;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["SupportAdjustment"][];
                        /** @description Pass as `cursor` for the next page; null on the last page */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    support_approve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                adjustmentId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SupportAdjustment"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `adjustment_decided`: The adjustment waiting for approval was already rejected (or approved) the other way. */
            409: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    support_reject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                adjustmentId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SupportAdjustment"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `adjustment_decided`: The adjustment waiting for approval was already rejected (or approved) the other way. */
            409: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    support_timeline: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                type?: string;
            };
            header?: never;
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["TimelineItem"][];
                        /** @description Pass as `cursor` for the next page; null on the last page */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    support_paymentFailures: {
        parameters: {
            query?: {
                agencyId?: string;
                code?: string;
                type?: string;
                since?: string;
                until?: string;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["PaymentFailure"][];
                        /** @description Pass as `cursor` for the next page; null on the last page */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    support_adjust: {
        parameters: {
            query?: never;
            header?: {
                /** @description Any unique string per intended operation; a retry with the same key (after a timeout, say) repeats the first answer instead of doing it twice */
                "Idempotency-Key"?: string;
            };
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description A decimal string (never a float): signed, not zero, at most "1000000.00" in size
                     * @example -5.00
                     */
                    amount: string;
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description `true` when this answer repeats the first answer to the same idempotency key (or call id); nothing was done twice */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LedgerEntry"];
                };
            };
            /** @description Success */
            202: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description `true` when this answer repeats the first answer to the same idempotency key (or call id); nothing was done twice */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SupportAdjustment"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `insufficient_funds`: The available balance does not cover the amount. */
            402: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `idempotency_conflict`: The same idempotency key (or call id) was used with a different request. */
            409: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description `adjustment_limit_exceeded`: A support user's adjustments would pass their daily total (`SUPPORT_ADJUSTMENT_DAILY_LIMIT`); `details`: limit, used, remaining.
             *
             *     `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400).
             */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    support_search: {
        parameters: {
            query: {
                query: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["Agency"][];
                    };
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    support_auditLog: {
        parameters: {
            query?: {
                agencyId?: string;
                actor?: string;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["AuditEntry"][];
                        /** @description Pass as `cursor` for the next page; null on the last page */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    billingSettings_walletInsights: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WalletInsights"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    billingSettings_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BillingSettings"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    billingSettings_saveAutoReload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    enabled: boolean;
                    /**
                     * @description A decimal string (never a float): not negative
                     * @example 25.00
                     */
                    threshold: string;
                    /**
                     * @default fixed
                     * @enum {string}
                     */
                    mode?: "fixed" | "to_target";
                    /**
                     * @description A decimal string (never a float): not negative, not zero, whole cents
                     * @example 25.00
                     */
                    amount?: string;
                    /**
                     * @description A decimal string (never a float): not negative, not zero
                     * @example 25.00
                     */
                    targetBalance?: string;
                    dailyCap?: string | null;
                    monthlyCap?: string | null;
                    fallbackToBackupMethods?: boolean;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AutoReloadPolicy"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    billingSettings_patchAutoReload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    enabled?: boolean;
                    /**
                     * @description A decimal string (never a float): not negative
                     * @example 25.00
                     */
                    threshold?: string;
                    /** @enum {string} */
                    mode?: "fixed" | "to_target";
                    /**
                     * @description A decimal string (never a float): not negative, not zero, whole cents
                     * @example 25.00
                     */
                    amount?: string;
                    /**
                     * @description A decimal string (never a float): not negative, not zero
                     * @example 25.00
                     */
                    targetBalance?: string;
                    dailyCap?: string | null;
                    monthlyCap?: string | null;
                    fallbackToBackupMethods?: boolean;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AutoReloadPolicy"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    billingSettings_test: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AutoReloadDryRun"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    reloadAttempts_list: {
        parameters: {
            query?: {
                status?: "processing" | "pending_clearance" | "succeeded" | "failed" | "requires_action" | "skipped";
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ReloadAttempt"][];
                        /** @description Pass as `cursor` for the next page; null on the last page */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    reloadAttempts_topUp: {
        parameters: {
            query?: never;
            header?: {
                /** @description Any unique string per intended operation; a retry with the same key (after a timeout, say) repeats the first answer instead of doing it twice */
                "Idempotency-Key"?: string;
            };
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description A decimal string (never a float): at least "1.00", whole cents
                     * @example 25.00
                     */
                    amount: string;
                    /** Format: uuid */
                    paymentMethodId?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description `true` when this answer repeats the first answer to the same idempotency key (or call id); nothing was done twice */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReloadAttempt"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `payment_failed`: The card or bank declined the top-up; `details` explains the decline. */
            402: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `idempotency_conflict`: The same idempotency key (or call id) was used with a different request. */
            409: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description `payment_provider_unavailable`: Stripe is unreachable or failing; nothing was lost, retry later.
             *
             *     `service_unavailable`: The database or another dependency is down; nothing was done, retry later.
             */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    reloadAttempts_startAuthentication: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                attemptId: string;
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** Format: uri */
                    returnUrl?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReloadAuthentication"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description `payment_provider_unavailable`: Stripe is unreachable or failing; nothing was lost, retry later.
             *
             *     `service_unavailable`: The database or another dependency is down; nothing was done, retry later.
             */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    reloadAttempts_finishAuthentication: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                attemptId: string;
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReloadAuthentication"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description `payment_provider_unavailable`: Stripe is unreachable or failing; nothing was lost, retry later.
             *
             *     `service_unavailable`: The database or another dependency is down; nothing was done, retry later.
             */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    reloadAttempts_retry: {
        parameters: {
            query?: never;
            header?: {
                /** @description Any unique string per intended operation; a retry with the same key (after a timeout, say) repeats the first answer instead of doing it twice */
                "Idempotency-Key"?: string;
            };
            path: {
                attemptId: string;
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description `true` when this answer repeats the first answer to the same idempotency key (or call id); nothing was done twice */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReloadRetry"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `idempotency_conflict`: The same idempotency key (or call id) was used with a different request. */
            409: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description `payment_provider_unavailable`: Stripe is unreachable or failing; nothing was lost, retry later.
             *
             *     `service_unavailable`: The database or another dependency is down; nothing was done, retry later.
             */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    paymentMethods_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["PaymentMethod"][];
                    };
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    paymentMethods_add: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    stripePaymentMethodId: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentMethod"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `card_declined`: The bank declined the card while Stripe saved it; nothing was saved and `details` explains the decline in words. */
            402: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description `payment_provider_unavailable`: Stripe is unreachable or failing; nothing was lost, retry later.
             *
             *     `service_unavailable`: The database or another dependency is down; nothing was done, retry later.
             */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    paymentMethods_startSetup: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** Format: uri */
                    successUrl?: string;
                    /** Format: uri */
                    cancelUrl?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SetupSession"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description `payment_provider_unavailable`: Stripe is unreachable or failing; nothing was lost, retry later.
             *
             *     `service_unavailable`: The database or another dependency is down; nothing was done, retry later.
             */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    paymentMethods_completeSetup: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                sessionId: string;
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentMethod"];
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description `payment_provider_unavailable`: Stripe is unreachable or failing; nothing was lost, retry later.
             *
             *     `service_unavailable`: The database or another dependency is down; nothing was done, retry later.
             */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    paymentMethods_reorder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    ids: string[];
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["PaymentMethod"][];
                    };
                };
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    paymentMethods_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                agencyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success, no body */
            204: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `unauthorized`: No API key, or one that is unknown, revoked or expired. */
            401: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `forbidden`: This API key's role may not do that, or it belongs to another agency or subteam. */
            403: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `not_found`: No such resource (or route). */
            404: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `rate_limited`: Too many requests for this key, agency or address; retry after `Retry-After` seconds. */
            429: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description `payment_provider_unavailable`: Stripe is unreachable or failing; nothing was lost, retry later.
             *
             *     `service_unavailable`: The database or another dependency is down; nothing was done, retry later.
             */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    stripeWebhooks_receive: {
        parameters: {
            query?: never;
            header: {
                /** @description The signature over the raw body */
                "Stripe-Signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    id: string;
                    type: string;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        received: boolean;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            400: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `unsupported_media_type`: The body is not JSON (`Content-Type: application/json`). */
            415: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `validation_error`: A bad body, query or path value, malformed JSON or a body over 1 MiB (422; `details.fields` lists `{path, message}`); a bad Stripe webhook signature (400). */
            422: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `service_unavailable`: The database or another dependency is down; nothing was done, retry later. */
            503: {
                headers: {
                    /** @description The request id (yours if you sent a valid one, else generated); it is in our logs and audit rows, quote it to support */
                    "X-Request-Id"?: string;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    webhook_wallet_low_balance: {
        parameters: {
            query?: never;
            header: {
                /** @description `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` */
                "Agency-Wallet-Signature": string;
                /** @description The event id; the same on every retry */
                "Agency-Wallet-Event-Id": string;
                /** @description The event type */
                "Agency-Wallet-Event-Type": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WalletLowBalanceEvent"];
            };
        };
        responses: {
            /** @description Acknowledged. Anything else (a redirect, an error, no answer within 10 s) is retried with backoff. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_wallet_depleted: {
        parameters: {
            query?: never;
            header: {
                /** @description `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` */
                "Agency-Wallet-Signature": string;
                /** @description The event id; the same on every retry */
                "Agency-Wallet-Event-Id": string;
                /** @description The event type */
                "Agency-Wallet-Event-Type": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WalletDepletedEvent"];
            };
        };
        responses: {
            /** @description Acknowledged. Anything else (a redirect, an error, no answer within 10 s) is retried with backoff. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_reload_succeeded: {
        parameters: {
            query?: never;
            header: {
                /** @description `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` */
                "Agency-Wallet-Signature": string;
                /** @description The event id; the same on every retry */
                "Agency-Wallet-Event-Id": string;
                /** @description The event type */
                "Agency-Wallet-Event-Type": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReloadSucceededEvent"];
            };
        };
        responses: {
            /** @description Acknowledged. Anything else (a redirect, an error, no answer within 10 s) is retried with backoff. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_reload_failed: {
        parameters: {
            query?: never;
            header: {
                /** @description `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` */
                "Agency-Wallet-Signature": string;
                /** @description The event id; the same on every retry */
                "Agency-Wallet-Event-Id": string;
                /** @description The event type */
                "Agency-Wallet-Event-Type": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReloadFailedEvent"];
            };
        };
        responses: {
            /** @description Acknowledged. Anything else (a redirect, an error, no answer within 10 s) is retried with backoff. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_reload_requires_action: {
        parameters: {
            query?: never;
            header: {
                /** @description `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` */
                "Agency-Wallet-Signature": string;
                /** @description The event id; the same on every retry */
                "Agency-Wallet-Event-Id": string;
                /** @description The event type */
                "Agency-Wallet-Event-Type": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReloadRequiresActionEvent"];
            };
        };
        responses: {
            /** @description Acknowledged. Anything else (a redirect, an error, no answer within 10 s) is retried with backoff. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_auto_reload_suspended: {
        parameters: {
            query?: never;
            header: {
                /** @description `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` */
                "Agency-Wallet-Signature": string;
                /** @description The event id; the same on every retry */
                "Agency-Wallet-Event-Id": string;
                /** @description The event type */
                "Agency-Wallet-Event-Type": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AutoReloadSuspendedEvent"];
            };
        };
        responses: {
            /** @description Acknowledged. Anything else (a redirect, an error, no answer within 10 s) is retried with backoff. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_subteam_limit_warning: {
        parameters: {
            query?: never;
            header: {
                /** @description `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` */
                "Agency-Wallet-Signature": string;
                /** @description The event id; the same on every retry */
                "Agency-Wallet-Event-Id": string;
                /** @description The event type */
                "Agency-Wallet-Event-Type": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SubteamLimitWarningEvent"];
            };
        };
        responses: {
            /** @description Acknowledged. Anything else (a redirect, an error, no answer within 10 s) is retried with backoff. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_subteam_limit_reached: {
        parameters: {
            query?: never;
            header: {
                /** @description `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` */
                "Agency-Wallet-Signature": string;
                /** @description The event id; the same on every retry */
                "Agency-Wallet-Event-Id": string;
                /** @description The event type */
                "Agency-Wallet-Event-Type": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SubteamLimitReachedEvent"];
            };
        };
        responses: {
            /** @description Acknowledged. Anything else (a redirect, an error, no answer within 10 s) is retried with backoff. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
