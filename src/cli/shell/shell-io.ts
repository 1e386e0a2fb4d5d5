/** The shell's outside world: output streams, the ---MORE--- pause and file reading (SOURCE). */

export interface ShellIo {
  write(text: string): void;
  writeError(text: string): void;
  /** Interactive only: shows `---MORE---` and resolves when the user asks for the next page. */
  waitForMore(): Promise<void>;
  readFile(path: string): Promise<string>;
}

/** How the shell prints; a shell and the shells of its SOURCE files share one. */
export interface ShellSettings {
  expand: boolean;
  paging: boolean;
  pageSize: number;
  consistency: string;
}

/** cqlsh's default page size (Shell.default_page_size). */
export const DEFAULT_PAGE_SIZE = 100;

/** The page size when paging is off: the driver's default fetch size; pages then follow without pausing. */
export const UNPAGED_FETCH_SIZE = 5000;

export function defaultShellSettings(): ShellSettings {
  return { expand: false, paging: true, pageSize: DEFAULT_PAGE_SIZE, consistency: 'ONE' };
}
