// What the public routes are held to, apart from the counting (rate-limits.ts), so that ApiDeps can name it.

/** At most `attempts` in each fixed window of `windowSeconds`. */
export type Limit = { attempts: number; windowSeconds: number };

/** The public routes limited per client address; each route counts on its own. */
export type AddressRule =
  | "signup"
  | "login"
  | "refresh"
  | "accept-invitation"
  | "forgot-password"
  | "reset-password";

export type RateLimits = {
  /** Failed sign-ins per account (the normalized email), from any address. */
  signInFailuresPerAccount: Limit;
  /** Requests per client address, per public route. */
  perAddress: Record<AddressRule, Limit>;
  /**
   * Password reset emails per account (the normalized email), however many
   * are asked for: past it the request is answered as always (202) and no
   * mail goes, so the answer says nothing of whether the account exists.
   */
  resetMailsPerAccount: Limit;
  /**
   * Invitation emails per recipient (the normalized email), from any tenant,
   * and per tenant: past either, the link is issued and shown to the admin
   * but not mailed (the answer says `emailed: false` and why).
   */
  invitationMailsPerRecipient: Limit;
  invitationMailsPerTenant: Limit;
};

const FIFTEEN_MINUTES = 15 * 60;

/** The limits of a deployment. The embedded stack's tests raise them; one test lowers them. */
export const RATE_LIMITS: RateLimits = {
  // More than a person mistyping, and about a thousand guesses a day: nothing against a password
  // of the policy's length. It also holds for the right password, or a guesser would learn it by a 200.
  signInFailuresPerAccount: { attempts: 10, windowSeconds: FIFTEEN_MINUTES },
  perAddress: {
    // Against one address trying many accounts a few times each (password spraying), which the
    // account limit does not see. An office or a mobile carrier puts many people behind one address.
    login: { attempts: 100, windowSeconds: FIFTEEN_MINUTES },
    // A company signs up once; each signup creates a company and an account.
    signup: { attempts: 10, windowSeconds: FIFTEEN_MINUTES },
    // Every signed-in phone refreshes about hourly, many of them behind one carrier address;
    // refresh tokens cannot be guessed, so this only bounds floods.
    refresh: { attempts: 300, windowSeconds: FIFTEEN_MINUTES },
    // An invitation is accepted once; its secret cannot be guessed, so this only bounds floods.
    "accept-invitation": { attempts: 30, windowSeconds: FIFTEEN_MINUTES },
    // Each may send an email: a person asks once or twice; more is someone filling strangers' inboxes.
    "forgot-password": { attempts: 20, windowSeconds: FIFTEEN_MINUTES },
    // A reset link is used once; its secret cannot be guessed, so this only bounds floods.
    "reset-password": { attempts: 30, windowSeconds: FIFTEEN_MINUTES },
  },
  // Enough for a person who asks again after a mail went to spam; not a way to flood one inbox.
  resetMailsPerAccount: { attempts: 5, windowSeconds: 60 * 60 },
  // An admin who resends a link a few times; not a way for a tenant to fill a stranger's inbox from our sender.
  invitationMailsPerRecipient: { attempts: 5, windowSeconds: 60 * 60 },
  // A company bringing its team on board in one sitting; not a bulk mailer on the product's verified sender.
  invitationMailsPerTenant: { attempts: 100, windowSeconds: 60 * 60 },
};
