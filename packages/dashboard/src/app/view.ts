/** A page of the dashboard: it draws into `root` and stops its timers and listeners in `dispose`. */
export interface View {
  readonly root: HTMLElement;
  dispose(): void;
}
