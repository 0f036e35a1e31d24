/**
 * The page's sections as tabs (WAI-ARIA tabs pattern): one tab in the Tab order, the arrow
 * keys, Home and End move between tabs, Enter or Space (a button's click) selects one.
 */
export function setUpTabs(list: HTMLElement, selected: (id: string) => void): (id: string) => void {
  const tabs = [...list.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
  const select = (tab: HTMLButtonElement) => {
    for (const other of tabs) {
      const on = other === tab;
      other.setAttribute('aria-selected', String(on));
      other.tabIndex = on ? 0 : -1;
      document.getElementById(other.getAttribute('aria-controls')!)!.hidden = !on;
    }
    selected(tab.id.replace(/^tab-/, ''));
  };
  for (const tab of tabs) {
    tab.addEventListener('click', () => select(tab));
    tab.addEventListener('keydown', (event) => {
      const at = tabs.indexOf(tab);
      const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
      if (to === undefined) return;
      event.preventDefault();
      const next = tabs[(to + tabs.length) % tabs.length]!;
      next.focus();
      select(next);
    });
  }
  return (id) => select(tabs.find((t) => t.id === `tab-${id}`)!);
}
