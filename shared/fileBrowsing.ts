import { z } from 'zod';

/**
 * Choosing files and folders without typing paths (docs/review.md, "Choosing files and
 * folders"): the bridge build lists folders through `files.browse`, served by the main side; the
 * desktop app opens the system's own dialog. Both are asked with the same `PathPickRequest`.
 */

/** What is being chosen: a file to read, a folder, or a file to write (a name in a folder). */
export const pathPickKinds = ['file', 'folder', 'save'] as const;
export type PathPickKind = (typeof pathPickKinds)[number];

/** File name extensions without the dot (`jpg`, `json`). */
export const extensionSchema = z
  .string()
  .regex(/^[A-Za-z0-9]{1,10}$/, 'an extension is 1–10 letters or digits, without the dot');

export const pathPickRequestSchema = z
  .object({
    kind: z.enum(pathPickKinds),
    /** Where to start: a folder, or a file whose folder opens with it selected. */
    defaultPath: z.string().min(1).max(4096).optional(),
    /** Only files with these extensions are offered (folders always are). */
    extensions: z.array(extensionSchema).max(32).optional(),
    /** Several files at once (`file` only). */
    multiple: z.boolean().optional(),
  })
  .strict();
export type PathPickRequest = z.infer<typeof pathPickRequestSchema>;

/** `folder`: can be opened; `file`: a regular file; `other`: a FIFO, device or socket, never opened. */
export const folderEntryKinds = ['folder', 'file', 'other'] as const;

export const folderEntrySchema = z.object({
  name: z.string(),
  path: z.string(),
  kind: z.enum(folderEntryKinds),
});
export type FolderEntry = z.infer<typeof folderEntrySchema>;

export const folderListingSchema = z.object({
  /** The folder listed, absolute. */
  path: z.string(),
  parent: z.string().nullable(),
  /** From the root down to `path`, for the breadcrumb. */
  crumbs: z.array(z.object({ name: z.string(), path: z.string() })),
  /** Folders first, then files, each by name. */
  entries: z.array(folderEntrySchema),
  /** More entries than are listed: the folder is huge. */
  truncated: z.boolean(),
  /** `defaultPath` named a file in this folder: its name, to select it. */
  selected: z.string().optional(),
});
export type FolderListing = z.infer<typeof folderListingSchema>;

/** The image files Loupe imports, by extension without the dot (the importer and the pickers). */
export const imageExtensions = ['jpg', 'jpeg', 'png', 'webp', 'tif', 'tiff', 'gif', 'bmp'] as const;

/** How many recent folders settings keep. */
export const maxRecentFolders = 8;

/** `folder` first in `recent`, without a copy further down, at most `maxRecentFolders`. */
export function withRecentFolder(recent: readonly string[], folder: string): string[] {
  return [folder, ...recent.filter((entry) => entry !== folder)].slice(0, maxRecentFolders);
}
