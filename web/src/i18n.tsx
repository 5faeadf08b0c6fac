import type { LOCALES } from "@crm/domain/constants";
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";

export type Lang = (typeof LOCALES)[number];

const en = {
  "app.name": "CRM",
  "app.tagline": "Know every customer. Keep in touch. Treat each by their value.",
  "nav.home": "Home",
  "nav.team": "Team",
  "nav.settings": "Settings",
  "nav.account": "Me",
  "lang.switch": "中文",
  "common.save": "Save",
  "common.cancel": "Cancel",
  "common.close": "Close",
  "common.loading": "Loading…",
  "common.retry": "Try again",
  "common.saved": "Saved",
  "common.networkError": "No connection. Check your network and try again.",
  "common.reload": "Reload",
  "field.companyName": "Company name",
  "field.name": "Name",
  "field.adminName": "Your name",
  "field.email": "Email",
  "field.password": "Password",
  "field.newPassword": "Choose a password",
  "field.role": "Role",
  "field.plan": "Data storage",
  "field.currency": "Currency",
  "field.timeZone": "Time zone",
  "field.locale": "Language",
  "field.phoneRegion": "Default phone region",
  "field.repVisibility": "What reps can see",
  "password.hint": "At least 10 characters, with upper and lower case letters and a digit.",
  "plan.pooled": "Standard",
  "plan.pooled.hint": "Stored in our shared, isolated database. Right for most companies.",
  "plan.dedicated": "Dedicated",
  "plan.dedicated.hint": "A database table of your own, for stricter compliance needs.",
  "role.admin": "Admin",
  "role.manager": "Manager",
  "role.rep": "Sales rep",
  "role.admin.hint": "Configures the company and manages users",
  "role.manager.hint": "Sees and edits everything",
  "role.rep.hint": "Works their own customers",
  "status.invited": "Invited",
  "status.active": "Active",
  "status.deactivated": "Deactivated",
  "repVisibility.all": "All customers of the company",
  "repVisibility.own": "Only the customers they own",
  "signup.title": "Start your CRM",
  "signup.submit": "Create my company",
  "signup.working": "Setting up your company…",
  "signup.haveAccount": "Already have an account?",
  "login.title": "Sign in",
  "login.submit": "Sign in",
  "login.noAccount": "New here?",
  "login.signupLink": "Create a company",
  "login.loginLink": "Sign in",
  "invite.accept.title": "Join your team",
  "invite.accept.intro": "Choose a password to finish setting up your account.",
  "invite.accept.submit": "Set password and sign in",
  "invite.accept.missing": "This link has no invitation in it. Open the link your admin sent you.",
  "home.greeting": "Hello, {name}",
  "home.youAre": "You are {role} at {company}.",
  "home.team": "Your team",
  "home.teamEmpty": "You are the only one here. Invite your team to start working together.",
  "home.inviteCta": "Invite a teammate",
  "home.company": "Company",
  "home.chartTitle": "People by role",
  "home.seatsTitle": "Seats by night",
  "home.seatsLatest": "{count} active on {date}",
  "home.seatsNone": "Seats are counted every night at 03:00 your time; the first count appears tomorrow.",
  "team.title": "Team",
  "team.invite": "Invite",
  "team.inviteTitle": "Invite a teammate",
  "team.sendInvite": "Create invitation",
  "team.linkReady": "Send this link to {name}. It works for 7 days.",
  "team.copy": "Copy link",
  "team.copied": "Copied",
  "team.share": "Share",
  "team.newLink": "New invitation link",
  "team.deactivate": "Deactivate",
  "team.reactivate": "Reactivate",
  "team.you": "you",
  "team.edit": "Edit {name}",
  "team.stale": "Someone changed this person meanwhile. The latest is shown now; apply your change again.",
  "settings.title": "Company settings",
  "settings.stale":
    "Someone changed the settings meanwhile. The latest are shown now; apply your change again.",
  "account.title": "My account",
  "account.signOut": "Sign out",
  "account.apiReference": "API reference",
  "account.language": "Language",
  "forbidden.title": "Admins only",
  "forbidden.body": "Only admins can open this page. Ask an admin of your company if you need a change.",
  "forbidden.home": "Back to home",
  "notFound.title": "Page not found",
};

type Messages = Record<keyof typeof en, string>;

const zh: Messages = {
  "app.name": "CRM",
  "app.tagline": "了解每一位客户，保持联系，按价值对待每一位客户。",
  "nav.home": "首页",
  "nav.team": "团队",
  "nav.settings": "设置",
  "nav.account": "我的",
  "lang.switch": "EN",
  "common.save": "保存",
  "common.cancel": "取消",
  "common.close": "关闭",
  "common.loading": "加载中…",
  "common.retry": "重试",
  "common.saved": "已保存",
  "common.networkError": "网络未连接，请检查网络后重试。",
  "common.reload": "刷新",
  "field.companyName": "公司名称",
  "field.name": "姓名",
  "field.adminName": "您的姓名",
  "field.email": "邮箱",
  "field.password": "密码",
  "field.newPassword": "设置密码",
  "field.role": "角色",
  "field.plan": "数据存储",
  "field.currency": "币种",
  "field.timeZone": "时区",
  "field.locale": "语言",
  "field.phoneRegion": "默认电话区号地区",
  "field.repVisibility": "销售代表可见范围",
  "password.hint": "至少 10 个字符，包含大写字母、小写字母和数字。",
  "plan.pooled": "标准版",
  "plan.pooled.hint": "存放在共享且相互隔离的数据库中，适合大多数公司。",
  "plan.dedicated": "独享版",
  "plan.dedicated.hint": "独立的数据表，满足更严格的合规要求。",
  "role.admin": "管理员",
  "role.manager": "经理",
  "role.rep": "销售代表",
  "role.admin.hint": "配置公司并管理用户",
  "role.manager.hint": "查看和编辑全部数据",
  "role.rep.hint": "跟进自己负责的客户",
  "status.invited": "已邀请",
  "status.active": "已启用",
  "status.deactivated": "已停用",
  "repVisibility.all": "公司的全部客户",
  "repVisibility.own": "仅自己负责的客户",
  "signup.title": "开通您的 CRM",
  "signup.submit": "创建公司",
  "signup.working": "正在为您开通…",
  "signup.haveAccount": "已有账号？",
  "login.title": "登录",
  "login.submit": "登录",
  "login.noAccount": "第一次使用？",
  "login.signupLink": "创建公司",
  "login.loginLink": "登录",
  "invite.accept.title": "加入您的团队",
  "invite.accept.intro": "设置密码即可完成账号开通。",
  "invite.accept.submit": "设置密码并登录",
  "invite.accept.missing": "此链接中没有邀请信息，请打开管理员发给您的链接。",
  "home.greeting": "您好，{name}",
  "home.youAre": "您是{company}的{role}。",
  "home.team": "您的团队",
  "home.teamEmpty": "目前只有您一人。邀请团队成员一起工作吧。",
  "home.inviteCta": "邀请同事",
  "home.company": "公司",
  "home.chartTitle": "各角色人数",
  "home.seatsTitle": "每晚席位数",
  "home.seatsLatest": "{date} 启用 {count} 人",
  "home.seatsNone": "席位每晚 03:00（您的时区）统计一次，明天即可看到第一次统计。",
  "team.title": "团队",
  "team.invite": "邀请",
  "team.inviteTitle": "邀请同事",
  "team.sendInvite": "生成邀请",
  "team.linkReady": "请把此链接发给{name}，7 天内有效。",
  "team.copy": "复制链接",
  "team.copied": "已复制",
  "team.share": "分享",
  "team.newLink": "重新生成邀请链接",
  "team.deactivate": "停用",
  "team.reactivate": "重新启用",
  "team.you": "我",
  "team.edit": "编辑 {name}",
  "team.stale": "此成员刚被他人修改，已显示最新内容，请重新操作。",
  "settings.title": "公司设置",
  "settings.stale": "设置刚被他人修改，已显示最新内容，请重新修改。",
  "account.title": "我的账号",
  "account.signOut": "退出登录",
  "account.apiReference": "API 文档",
  "account.language": "语言",
  "forbidden.title": "仅限管理员",
  "forbidden.body": "只有管理员可以打开此页面。如需修改，请联系公司管理员。",
  "forbidden.home": "返回首页",
  "notFound.title": "页面不存在",
};

/**
 * The API's problem messages in Chinese. The API answers in English; these are
 * its known sentences, and an unknown one is shown as it came.
 */
const zhProblems: Record<string, string> = {
  "This field is required.": "此项必填。",
  "Enter a valid email address.": "请输入有效的邮箱地址。",
  "Use at least 10 characters.": "至少 10 个字符。",
  "Include a lowercase letter.": "需包含小写字母。",
  "Include an uppercase letter.": "需包含大写字母。",
  "Include a digit.": "需包含数字。",
  "Enter the company name.": "请输入公司名称。",
  "Enter your name.": "请输入您的姓名。",
  "Enter the person's name.": "请输入姓名。",
  "The email or password is wrong.": "邮箱或密码不正确。",
  "An account with this email exists already. Sign in instead.": "该邮箱已注册，请直接登录。",
  "Someone with this email has an account already.": "该邮箱已有账号。",
  "A tenant must keep at least one active admin. Make someone else admin first.":
    "公司至少需要一位启用中的管理员。请先将其他人设为管理员。",
  "This invitation link is not valid or has expired. Ask your admin for a new one.":
    "邀请链接无效或已过期，请联系管理员重新发送。",
  "Use an ISO 4217 currency code such as CNY or USD.": "请使用 ISO 4217 币种代码，例如 CNY 或 USD。",
  "Use an IANA time zone such as Asia/Shanghai.": "请使用 IANA 时区，例如 Asia/Shanghai。",
  "Use a two-letter region code such as CN or US.": "请使用两位地区代码，例如 CN 或 US。",
  "Your role does not allow this.": "您的角色无权执行此操作。",
  "This account has been deactivated.": "此账号已被停用。",
};

const dictionaries: Record<Lang, Messages> = { en, "zh-CN": zh };
const LANG_KEY = "crm.lang";

export type MessageKey = keyof typeof en;

function initialLang(): Lang {
  const saved = localStorage.getItem(LANG_KEY);
  if (saved === "en" || saved === "zh-CN") return saved;
  return navigator.language.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

type I18n = {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, vars?: Record<string, string>) => string;
  /** A message from the API, in the reader's language where we know it. */
  problem: (message: string) => string;
};

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(LANG_KEY, next);
    setLangState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    document.documentElement.lang = lang;
    const messages = dictionaries[lang];
    return {
      lang,
      setLang,
      t: (key, vars = {}) => messages[key].replace(/\{(\w+)\}/g, (_, name: string) => vars[name] ?? ""),
      problem: (message) => (lang === "zh-CN" ? (zhProblems[message] ?? message) : message),
    };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error("useI18n outside I18nProvider");
  return i18n;
}
