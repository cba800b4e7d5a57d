// A plugin's logo from the registry (app/plugins/*): an inline SVG shown as an image, never as markup.
export function PluginLogo({ logo, size = 40 }: { logo: string; size?: number }) {
  const src = logo.trim().startsWith("<svg") ? `data:image/svg+xml;utf8,${encodeURIComponent(logo)}` : logo;
  return <img src={src} alt="" width={size} height={size} style={{ display: "block", objectFit: "contain", flex: "none" }} />;
}
