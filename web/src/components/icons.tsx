/** Line icons for the tab bar, drawn inline: no icon font, no emoji font needed on the phone. */
const PATHS = {
  home: "M3 11.5 12 4l9 7.5M5.5 10v10h13V10",
  team: "M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7Zm-6 9c.6-3.6 3-5.5 6-5.5s5.4 1.9 6 5.5M16 11.5a3 3 0 1 0 0-6M17.5 14.5c2 .5 3.2 2.2 3.5 5",
  settings:
    "M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6Zm7.4-3a7.4 7.4 0 0 0-.1-1.3l2-1.6-2-3.4-2.4 1a7.6 7.6 0 0 0-2.2-1.3L14.3 3h-4l-.4 2.4a7.6 7.6 0 0 0-2.2 1.3l-2.4-1-2 3.4 2 1.6a7.4 7.4 0 0 0 0 2.6l-2 1.6 2 3.4 2.4-1a7.6 7.6 0 0 0 2.2 1.3l.4 2.4h4l.4-2.4a7.6 7.6 0 0 0 2.2-1.3l2.4 1 2-3.4-2-1.6c.1-.4.1-.9.1-1.3Z",
  analytics: "M4 20V10M10 20V4M16 20v-7M21 20H3",
  account: "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8Zm-8 9c.8-4.2 4-6.5 8-6.5s7.2 2.3 8 6.5",
  customers:
    "M5 3.5h12a2 2 0 0 1 2 2v13a2 2 0 0 1-2 2H5Zm0 0v17M3 7.5h4M3 12h4M3 16.5h4M12 12.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5Zm-4 4c.5-2 2-3 4-3s3.5 1 4 3",
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name }: { name: IconName }) {
  return (
    <svg
      viewBox="0 0 24 24"
      width="24"
      height="24"
      aria-hidden="true"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
