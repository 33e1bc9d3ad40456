/**
 * Where technician mode may write a diagnostics bundle: mounted removable
 * media (udisks mounts them at /media/USER/LABEL or /run/media/USER/LABEL;
 * a technician's manual mount is usually under /mnt), and a folder in the
 * kiosk's data directory for when no stick is at hand. The screen offers
 * only these; a path typed elsewhere is refused, so the touch screen cannot
 * be used to write into arbitrary folders.
 */
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportTargets } from '../../contract/index.ts';

export const KIOSK_DIAGNOSTICS_DIR = 'diagnostics';

export interface ExportRoots {
  /** Directories whose subdirectories are mount points (/mnt). */
  readonly mountDirs: readonly string[];
  /** Directories of per-user mount directories (/media, /run/media). */
  readonly userMountDirs: readonly string[];
}

export const SYSTEM_EXPORT_ROOTS: ExportRoots = { mountDirs: ['/mnt'], userMountDirs: ['/media', '/run/media'] };

function subdirectories(dir: string): string[] {
  try {
    return readdirSync(dir)
      .map((name) => join(dir, name))
      .filter((path) => {
        try {
          return statSync(path).isDirectory();
        } catch {
          return false;
        }
      });
  } catch {
    return [];
  }
}

export function exportTargets(dataDir: string, roots: ExportRoots = SYSTEM_EXPORT_ROOTS): ExportTargets {
  const removable = [...roots.userMountDirs.flatMap((dir) => subdirectories(dir).flatMap(subdirectories)), ...roots.mountDirs.flatMap(subdirectories)];
  return {
    targets: [
      ...removable.slice(0, 19).map((path) => ({ path, kind: 'removable' as const })),
      { path: join(dataDir, KIOSK_DIAGNOSTICS_DIR), kind: 'kiosk' as const },
    ],
  };
}

/** The target if it is one on offer now (the kiosk folder is created on first use), else null. */
export function chosenTarget(directory: string, dataDir: string, roots: ExportRoots = SYSTEM_EXPORT_ROOTS): string | null {
  const target = exportTargets(dataDir, roots).targets.find((t) => t.path === directory);
  if (target === undefined) return null;
  if (target.kind === 'kiosk') mkdirSync(target.path, { recursive: true, mode: 0o700 });
  return target.path;
}
