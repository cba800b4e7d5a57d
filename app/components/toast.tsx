// Toasts that work in both modes: inside the Shopify admin, App Bridge's `shopify.toast`; in sandbox
// mode (no App Bridge, no admin around the app) a Polaris Toast inside a Polaris Frame.
import { Frame, Toast } from "@shopify/polaris";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from "react";

export interface ToastOptions {
  isError?: boolean;
}
type ShowToast = (message: string, options?: ToastOptions) => void;

interface AppBridgeToast {
  toast?: { show(message: string, options?: { isError?: boolean; duration?: number }): void };
}

/** App Bridge's global, when its script has loaded (embedded mode). */
function appBridge(): AppBridgeToast | undefined {
  if (typeof window === "undefined") return undefined;
  return (window as unknown as { shopify?: AppBridgeToast }).shopify;
}

const ToastContext = createContext<ShowToast>(() => {});

export function ToastProvider({ embedded, children }: { embedded: boolean; children: ReactNode }) {
  const [toasts, setToasts] = useState<{ id: number; message: string; isError: boolean }[]>([]);
  const next = useRef(0);
  const show = useCallback<ShowToast>(
    (message, options) => {
      if (embedded) {
        appBridge()?.toast?.show(message, { isError: options?.isError ?? false });
        return;
      }
      next.current += 1;
      const id = next.current;
      setToasts((list) => [...list, { id, message, isError: options?.isError ?? false }]);
    },
    [embedded],
  );
  const dismiss = (id: number) => setToasts((list) => list.filter((t) => t.id !== id));
  // The admin can answer the merchant from here on: say so on the document (browser tests wait for it).
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  const toastMarkup = toasts.map((t) => (
    <Toast key={t.id} content={t.message} error={t.isError} onDismiss={() => dismiss(t.id)} />
  ));
  return (
    <ToastContext.Provider value={show}>
      {embedded ? (
        children
      ) : (
        <Frame>
          {children}
          {toastMarkup}
        </Frame>
      )}
    </ToastContext.Provider>
  );
}

export function useToast(): ShowToast {
  return useContext(ToastContext);
}

/** Shows an action's answer ({ ok, message }) once, when it arrives. */
export function useResultToast(result: { ok: boolean; message: string } | undefined | null): void {
  const show = useToast();
  const shown = useRef<unknown>(null);
  useEffect(() => {
    if (!result || shown.current === result) return;
    shown.current = result;
    show(result.message, { isError: !result.ok });
  }, [result, show]);
}
