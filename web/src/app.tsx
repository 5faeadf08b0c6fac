import { type ComponentType, useEffect, useSyncExternalStore } from "react";
import { FormError, ProgressBar } from "./components/form";
import { Icon, type IconName } from "./components/icons";
import { Toaster } from "./components/toast";
import { useI18n } from "./i18n";
import { type Me, MeProvider, useMe } from "./me";
import { AcceptInvitePage } from "./pages/accept-invite";
import { AccountPage } from "./pages/account";
import { AnalyticsPage } from "./pages/analytics";
import { CustomerPage } from "./pages/customer";
import { CustomersPage } from "./pages/customers";
import { ForbiddenPage, NotFoundPage } from "./pages/forbidden";
import { ForgotPasswordPage } from "./pages/forgot-password";
import { HomePage } from "./pages/home";
import { ImportPage } from "./pages/import";
import { LoginPage } from "./pages/login";
import { ResetPasswordPage } from "./pages/reset-password";
import { SettingsPage } from "./pages/settings";
import { SignupPage } from "./pages/signup";
import { TeamPage } from "./pages/team";
import { Link, navigate, signInFor, usePath } from "./router";
import { session } from "./session";

const PUBLIC_PAGES: Record<string, ComponentType> = {
  "/signup": SignupPage,
  "/login": LoginPage,
  "/invite": AcceptInvitePage,
  "/forgot-password": ForgotPasswordPage,
  "/reset-password": ResetPasswordPage,
};

export function App() {
  const path = usePath();
  const signedIn = useSyncExternalStore(session.subscribe, () => Boolean(session.refreshToken));
  const PublicPage = PUBLIC_PAGES[path];
  useEffect(() => {
    // Signed out or the session expired: sign in, then back to the page asked for.
    if (!signedIn && !PublicPage)
      navigate(signInFor(window.location.pathname + window.location.search), { replace: true });
  }, [signedIn, PublicPage]);
  if (PublicPage) return <PublicPage />;
  if (!signedIn) return null;
  return (
    <MeProvider>
      <Shell path={path} />
    </MeProvider>
  );
}

type Screen = {
  path: string;
  label: "nav.home" | "nav.customers" | "nav.analytics" | "nav.team" | "nav.settings" | "nav.account";
  icon: IconName;
  adminOnly: boolean;
};

const SCREENS: Screen[] = [
  { path: "/", label: "nav.home", icon: "home", adminOnly: false },
  { path: "/customers", label: "nav.customers", icon: "customers", adminOnly: false },
  { path: "/analytics", label: "nav.analytics", icon: "analytics", adminOnly: false },
  { path: "/team", label: "nav.team", icon: "team", adminOnly: true },
  { path: "/settings", label: "nav.settings", icon: "settings", adminOnly: true },
  { path: "/account", label: "nav.account", icon: "account", adminOnly: false },
];

function Shell({ path }: { path: string }) {
  const { t } = useI18n();
  const { me, error, reload } = useMe();
  if (!me) {
    return (
      <main className="page">
        {error ? <FormError error={error} /> : <ProgressBar label={t("common.loading")} />}
      </main>
    );
  }
  const isAdmin = me.user.role === "admin";
  const screens = SCREENS.filter((screen) => isAdmin || !screen.adminOnly);
  return (
    <div className="shell">
      <header className="topbar">
        <img src="/icon.svg" alt="" width={28} height={28} />
        <span className="company">{me.tenant.settings.companyName}</span>
      </header>
      <main>
        <Screen path={path} me={me} reload={reload} />
      </main>
      <nav className="tabbar" aria-label="main">
        {screens.map((screen) => (
          <Link
            key={screen.path}
            href={screen.path}
            aria-current={
              path === screen.path || (screen.path !== "/" && path.startsWith(`${screen.path}/`))
                ? "page"
                : undefined
            }
          >
            <Icon name={screen.icon} />
            <span className="tab-label">{t(screen.label)}</span>
          </Link>
        ))}
      </nav>
      <Toaster />
    </div>
  );
}

function Screen({ path, me, reload }: { path: string; me: Me; reload: () => Promise<void> }) {
  if (path === "/customers/import")
    return me.user.role === "rep" ? <ForbiddenPage openTo="adminsAndManagers" /> : <ImportPage />;
  const customer = /^\/customers\/([^/]+)$/.exec(path);
  if (customer?.[1]) return <CustomerPage id={decodeURIComponent(customer[1])} me={me} />;
  const screen = SCREENS.find((candidate) => candidate.path === path);
  if (!screen) return <NotFoundPage />;
  if (screen.adminOnly && me.user.role !== "admin") return <ForbiddenPage />;
  switch (screen.path) {
    case "/team":
      return <TeamPage me={me} />;
    case "/settings":
      return <SettingsPage onSaved={reload} />;
    case "/account":
      return <AccountPage me={me} />;
    case "/analytics":
      return <AnalyticsPage me={me} />;
    case "/customers":
      return <CustomersPage me={me} />;
    default:
      return <HomePage me={me} />;
  }
}
