import type { OpenAPIHono, OpenAPIHonoOptions } from "@hono/zod-openapi";
import type { Hono } from "hono";
import type { AppEnv } from "./env.js";

type Routes = OpenAPIHono<AppEnv>;
type Register = (routes: Routes) => void;
type Group = (typeof GROUPS)[number];
/** What app.ts's /v1/openapi.json and /v1/reference describe the API with. */
export type DocumentConfig = Parameters<Routes["getOpenAPI31Document"]>[0];
export type OpenApiDocument = ReturnType<Routes["getOpenAPI31Document"]>;

/**
 * The routes, in groups loaded at the first request to one of their paths:
 * a cold start then builds none of their schemas, and a Lambda parses only
 * the groups its requests use. A group is every route module with a path
 * under one of its first segments after /v1/ (owners.ts serves
 * /v1/directory and /v1/customers/reassign, passwords.ts /v1/auth, /v1/me
 * and /v1/users), in the order app.ts always registered them: routes one
 * request could match keep their order whichever group loads first.
 */
const GROUPS: ReadonlyArray<{ segments: readonly string[]; load: () => Promise<Register[]> }> = [
  { segments: ["signup"], load: async () => [(await import("./routes/signup.js")).registerSignup] },
  {
    segments: ["auth", "me", "users"],
    load: async () => {
      const [auth, me, passwords, users] = await Promise.all([
        import("./routes/auth.js"),
        import("./routes/me.js"),
        import("./routes/passwords.js"),
        import("./routes/users.js"),
      ]);
      return [auth.registerAuth, me.registerMe, passwords.registerPasswords, users.registerUsers];
    },
  },
  {
    segments: ["tenant"],
    load: async () => {
      const [settings, seats] = await Promise.all([
        import("./routes/settings.js"),
        import("./routes/seats.js"),
      ]);
      return [settings.registerSettings, seats.registerSeats];
    },
  },
  {
    segments: ["customers", "directory"],
    load: async () => {
      const [customers, lifecycle, owners, contacts, transactions] = await Promise.all([
        import("./routes/customers.js"),
        import("./routes/customer-lifecycle.js"),
        import("./routes/owners.js"),
        import("./routes/contacts.js"),
        import("./routes/transactions.js"),
      ]);
      return [
        customers.registerCustomers,
        lifecycle.registerCustomerLifecycle,
        owners.registerOwners,
        contacts.registerContacts,
        transactions.registerTransactions,
      ];
    },
  },
  { segments: ["audit"], load: async () => [(await import("./routes/audit.js")).registerAudit] },
  {
    segments: ["custom-fields"],
    load: async () => [(await import("./routes/custom-fields.js")).registerCustomFields],
  },
  { segments: ["imports"], load: async () => [(await import("./routes/imports.js")).registerImports] },
  { segments: ["exports"], load: async () => [(await import("./routes/exports.js")).registerExports] },
  {
    segments: ["scoring", "analytics"],
    load: async () => [(await import("./routes/scoring.js")).registerScoring],
  },
];

/** Where a request whose routes failed to load carries the error, in its env, for app.ts to throw. */
export const ROUTES_UNLOADED = "crmRoutesUnloaded";

/**
 * Wraps `app.fetch` so that a request first loads (once per instance) the
 * group its path names, then goes through the app as before: the same
 * middlewares, errors and 404s. A group's routes are declared on an
 * OpenAPIHono of their own (with `defaultHook`), then added to the app
 * (`app.route`): the app's router must take routes after its first match
 * (TrieRouter does), and the OpenAPI libraries load with the first group.
 *
 * A group that fails to load is not remembered, so a later request tries
 * again; this one carries the error to the app (ROUTES_UNLOADED), whose
 * middleware throws it: the app's problem answer, headers and log.
 *
 * Gives the OpenAPI document, which loads every group.
 */
export function loadRoutesOnDemand(
  app: Hono<AppEnv>,
  defaultHook: OpenAPIHonoOptions<AppEnv>["defaultHook"],
): { openApiDocument(config: DocumentConfig): Promise<OpenApiDocument> } {
  const loaded = new Map<Group, Promise<Routes>>();
  const load = (group: Group) => {
    let routes = loaded.get(group);
    if (!routes) {
      routes = Promise.all([import("@hono/zod-openapi"), group.load()]).then(
        ([{ OpenAPIHono }, registers]) => {
          const routes = new OpenAPIHono<AppEnv>({ defaultHook });
          for (const register of registers) register(routes);
          app.route("/", routes);
          return routes;
        },
        (error) => {
          loaded.delete(group);
          throw error;
        },
      );
      loaded.set(group, routes);
    }
    return routes;
  };
  const dispatch = app.fetch;
  app.fetch = async (request, env, executionCtx) => {
    // The path as the router will see it (percent-decoded), so no spelling reaches a route unloaded.
    const path = app.getPath(request, { env });
    const segment = path.startsWith("/v1/") ? path.slice(4).split("/", 1)[0] : undefined;
    const group = GROUPS.find((candidate) => segment !== undefined && candidate.segments.includes(segment));
    if (group) {
      try {
        await load(group);
      } catch (error) {
        return dispatch(request, { ...(env as object), [ROUTES_UNLOADED]: error }, executionCtx);
      }
    }
    return dispatch(request, env, executionCtx);
  };

  let document: Promise<OpenApiDocument> | undefined;
  return {
    /** The OpenAPI 3.1 document of every route, made once per instance. */
    openApiDocument(config: DocumentConfig) {
      document ??= Promise.all([import("@hono/zod-openapi"), ...GROUPS.map(load)]).then(
        ([{ OpenAPIHono }, ...groups]) => {
          const all = new OpenAPIHono<AppEnv>();
          all.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
            type: "http",
            scheme: "bearer",
            bearerFormat: "JWT",
          });
          for (const routes of groups) all.route("/", routes);
          return all.getOpenAPI31Document(config);
        },
        (error) => {
          document = undefined;
          throw error;
        },
      );
      return document;
    },
  };
}
