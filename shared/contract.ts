import { z } from 'zod';
import { auditStartSchema, auditViewSchema } from './auditView.ts';
import { isEventName, type EventName } from './eventNames.ts';
import { exportFormats, importFormats } from './exportFormats.ts';
import { extensionSchema, folderListingSchema, type PathPickRequest } from './fileBrowsing.ts';
import { imageStatusSchema } from './imageStatus.ts';
import { keyStatusSchema } from './keyStatus.ts';
import { modelVocabularySchema } from './modelVocabulary.ts';
import { qaReportSchema } from './qaReport.ts';
import { regionListFilterSchema, regionPageSchema, regionSortSchema } from './regionTriage.ts';
import type { Result } from './result.ts';
import { reviewOpSchema } from './reviewOps.ts';
import { modelChoiceSchema, settingsPatchSchema, settingsSchema } from './settings.ts';
import { submitSummarySchema } from './submitSummary.ts';
import {
  teamAssignmentViewSchema,
  teamCampaignViewSchema,
  teamExportFormatSchema,
  teamResultsViewSchema,
} from './team/teamViews.ts';
import {
  foreignImportReportSchema,
  imageDetailSchema,
  imageListFilterSchema,
  imageListItemSchema,
  imageSortSchema,
  importReportSchema,
  outboxItemViewSchema,
  outboxStateSchema,
  reviewReceiptSchema,
  reviewStatusSchema,
  reviewViewSchema,
  searchResultSchema,
  syncStatusSchema,
  workspaceInfoSchema,
} from './workspaceViews.ts';

/**
 * The one contract between the renderer and the main side. Every command and event is declared
 * here once; both transports (Electron IPC and the loopback bridge) and the renderer's typed
 * `window.loupe` are derived from this table, so they cannot drift.
 *
 * Inputs are strict (an unknown key is an error). Outputs are parsed with the declared schema
 * before they leave the main side, which strips any field a handler added by mistake.
 */

const noInput = z.object({}).strict();

export const transportSchema = z.enum(['electron', 'bridge']);
export type Transport = z.infer<typeof transportSchema>;

export const appInfoSchema = z.object({
  name: z.literal('Loupe'),
  version: z.string(),
  transport: transportSchema,
  dataDir: z.string(),
  /** Identifies this launch's review session; sent as `feedback_info.session_id`. */
  sessionId: z.string(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

const id = z.number().int().positive();
const page = {
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
};
const predictionRef = z.object({ predictionId: id }).strict();

export const commands = {
  'app.info': { input: noInput, output: appInfoSchema },
  'settings.get': { input: noInput, output: settingsSchema },
  'settings.set': { input: settingsPatchSchema, output: settingsSchema },

  // The API key: it can be set and cleared, never read back (docs/design.md §1).
  'vault.status': { input: noInput, output: keyStatusSchema },
  'vault.set': { input: z.object({ key: z.string().min(1).max(1024) }).strict(), output: keyStatusSchema },
  'vault.clear': { input: noInput, output: keyStatusSchema },

  /** Talks to the configured endpoint (lists its models) and says whether that worked. */
  'endpoint.test': {
    input: noInput,
    output: z.object({
      ok: z.boolean(),
      message: z.string(),
      models: z.array(z.object({ id: z.string(), name: z.string() })),
    }),
  },

  /**
   * The detectors of a platform app (ListModels `model_type_id=visual-detector`), for the platform
   * profile's model picker: names and the concept names each can answer, not only ids.
   */
  'platform.models': {
    input: z.object({ userId: z.string().min(1).max(200), appId: z.string().min(1).max(200) }).strict(),
    output: z.object({
      models: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          userId: z.string(),
          appId: z.string(),
          versionId: z.string().optional(),
          concepts: z.array(z.string()),
        }),
      ),
    }),
  },

  'workspace.info': { input: noInput, output: workspaceInfoSchema },
  /**
   * Opens a workspace file, creating it when it does not exist. An existing empty (0-byte) file
   * is refused (`storage`) unless `create: true`: the person asked for a new workspace there.
   */
  'workspace.open': {
    input: z.object({ file: z.string().min(1), create: z.boolean().default(false) }).strict(),
    output: workspaceInfoSchema,
  },

  'images.import': {
    input: z
      .object({ paths: z.array(z.string().min(1)).default([]), urls: z.array(z.string()).default([]) })
      .strict(),
    output: importReportSchema,
  },
  /**
   * "Clarifai app": the annotations a model version made in the platform profile's app become
   * predictions to review (auto-annotation QA, docs/clarifai-platform.md); progress as
   * `import.progress` (annotations listed).
   */
  'images.importFromApp': {
    input: z
      .object({
        modelVersionId: z.string().trim().min(1).max(200),
        awaitingReviewOnly: z.boolean().default(false),
      })
      .strict(),
    output: z.object({
      app: z.string(),
      annotations: z.number().int(),
      inputs: z.number().int(),
      predictions: z.number().int(),
      alreadyImported: z.number().int(),
      skipped: z.array(z.object({ inputId: z.string(), reason: z.string() })),
    }),
  },
  /**
   * Predictions made elsewhere (docs/interop.md): COCO (dataset or results list), YOLO, Pascal
   * VOC, Label Studio, CVAT or Clarifai JSON; `kind: 'auto'` tells them apart. Recorded under a
   * model named by the file or `modelName`, one transaction per file; images are matched by name
   * or id, or found in `imagesDir` (default: beside the file). Progress as `import.progress`.
   */
  'images.importPredictions': {
    input: z
      .object({
        file: z.string().min(1),
        kind: z.enum(importFormats).default('auto'),
        imagesDir: z.string().min(1).optional(),
        modelName: z.string().trim().min(1).max(200).optional(),
        classes: z.string().min(1).optional(),
      })
      .strict(),
    output: foreignImportReportSchema,
  },
  /** A page of the image list, filtered and sorted on the main side (indexed; docs/review.md). */
  'images.list': {
    input: imageListFilterSchema.extend({ ...page, sort: imageSortSchema.optional() }).strict(),
    output: z.object({ total: z.number().int(), items: z.array(imageListItemSchema) }),
  },
  /** The concepts on the workspace's regions, by how many images carry them: the list's concept filter. */
  'images.concepts': {
    input: noInput,
    output: z.object({ concepts: z.array(z.object({ name: z.string(), images: z.number().int() })) }),
  },
  'image.get': { input: z.object({ imageId: id }).strict(), output: imageDetailSchema },

  /**
   * Runs a model (default: the one in settings, or the platform profile's) on some images — the
   * ones named, the ones with a status, or every image — as persisted jobs; they wait while
   * offline. Progress as `predict.progress`.
   */
  'predict.run': {
    input: z
      .object({
        imageIds: z.array(id).max(1_000_000).optional(),
        status: imageStatusSchema.optional(),
        model: modelChoiceSchema.optional(),
      })
      .strict(),
    output: z.object({ queued: z.number().int() }),
  },
  /** Runs the failed prediction jobs again (of some images, or all). */
  'predict.retryFailed': {
    input: z.object({ imageIds: z.array(id).max(1_000_000).optional() }).strict(),
    output: z.object({ queued: z.number().int() }),
  },
  'predict.status': {
    input: noInput,
    output: z.object({
      queued: z.number().int(),
      done: z.number().int(),
      failed: z.number().int(),
      blockedBy: z.string().nullable(),
    }),
  },
  /** The endpoint's models by name, for the "run a model" picker and for naming predictions. */
  'models.list': {
    input: noInput,
    output: z.object({
      models: z.array(z.object({ id: z.string(), name: z.string(), modelTypeId: z.string().optional() })),
    }),
  },
  /**
   * Removes images from the workspace (their files stay): predictions, reviews and jobs go with
   * them. Refused for an image whose corrections still wait to be delivered.
   */
  'images.remove': {
    input: z.object({ imageIds: z.array(id).min(1).max(100_000) }).strict(),
    output: z.object({ removed: z.number().int() }),
  },

  /** A model's concepts: its own listing (loaded once per workspace) and those its predictions carried. */
  'model.vocabulary': {
    input: z.object({ modelId: z.string().min(1).max(200), refresh: z.boolean().optional() }).strict(),
    output: modelVocabularySchema,
  },

  /** Applies and journals one edit; answers with a receipt (the editor already has the state). */
  'review.apply': {
    input: z.object({ predictionId: id, op: reviewOpSchema }).strict(),
    output: reviewReceiptSchema,
  },
  'review.undo': { input: predictionRef, output: reviewViewSchema },
  'review.redo': { input: predictionRef, output: reviewViewSchema },
  /** What a submit would send (default: every review in progress) and what looks accidental. */
  'review.preflight': {
    input: z.object({ predictionIds: z.array(id).optional() }).strict(),
    output: submitSummarySchema,
  },
  /**
   * Marks reviews done and queues one feedback request per prediction output, in the same
   * transaction. `unreviewed`: accept remaining predicted regions, or send only reviewed ones.
   */
  'review.submit': {
    input: z.object({ predictionIds: z.array(id).min(1), unreviewed: z.enum(['accept', 'skip']) }).strict(),
    output: z.object({ queued: z.number().int() }),
  },

  'search.run': {
    input: z.union([
      z.object({ concept: z.string().trim().min(1).max(200) }).strict(),
      z.object({ imageId: id }).strict(),
    ]),
    output: searchResultSchema,
  },
  /** Opens a hit: queues search_click feedback with the search's id and the hit's input id. */
  'search.open': {
    input: z.object({ searchId: id, hitIndex: z.number().int().min(0) }).strict(),
    output: z.object({ imageId: z.number().int().nullable() }),
  },

  'report.get': {
    input: z
      .object({
        /** The precision the recommended threshold must reach; default 0.9. */
        targetPrecision: z.number().min(0.5).max(0.999).optional(),
      })
      .strict(),
    output: qaReportSchema,
  },
  /**
   * Audit by sampling (docs/qa-estimates.md, "Audit mode"): starts one over every predicted region
   * of the workspace (closing the open one), and answers where it stands — the estimate, how many
   * more verdicts reach the target, the next region to review. `audit.get` is null with none open.
   */
  'audit.start': { input: auditStartSchema, output: auditViewSchema },
  'audit.get': { input: noInput, output: auditViewSchema.nullable() },
  'audit.close': { input: noInput, output: z.object({ closed: z.boolean() }) },
  /**
   * A page of the region triage grid (docs/triage.md): the predicted regions of every review,
   * filtered and sorted by confidence on the main side; `models` lists the workspace's models for
   * the grid's model filter. Crops come from `LoupeApi.cropUrl`, verdicts go through review.apply.
   */
  'regions.list': {
    input: z
      .object({
        filter: regionListFilterSchema.default({}),
        sort: regionSortSchema.default('confidenceAsc'),
        ...page,
      })
      .strict(),
    output: regionPageSchema,
  },
  /**
   * Writes reviewed results (shared/exportFormats.ts: corrected labels and review logs in COCO,
   * YOLO, Pascal VOC, Label Studio and CVAT, the box CSV, the JSONL log) or the QA report to a
   * chosen file — a folder for YOLO and VOC — (default: `loupe-<format>[.<ext>]` in the data
   * folder's exports folder, which Loupe creates). `files`: how many files were written.
   * An existing file is replaced only with `overwrite: true` (the person confirmed it); otherwise
   * the answer is a `conflict` naming it. Never a special file, the data folder's own files or the
   * open workspace (docs/hostile-input-main.md).
   */
  'export.run': {
    input: z
      .object({
        format: z.enum(exportFormats),
        file: z.string().min(1).optional(),
        overwrite: z.boolean().default(false),
      })
      .strict(),
    output: z.object({ file: z.string(), images: z.number().int(), files: z.number().int() }),
  },

  /**
   * One folder of the bridge build's file and folder picker (docs/review.md, "Choosing files and
   * folders"): its folders and, for `kind: 'file'`, its files with one of `extensions`. No
   * `path`: the latest recent folder, else the home folder. Nothing but names is read: a FIFO
   * or device is listed as `other` and never opened (docs/hostile-input-main.md).
   */
  'files.browse': {
    input: z
      .object({
        path: z.string().min(1).max(4096).optional(),
        kind: z.enum(['file', 'folder']),
        extensions: z.array(extensionSchema).max(32).optional(),
        showHidden: z.boolean().optional(),
      })
      .strict(),
    output: folderListingSchema,
  },
  /** The picker's recent folders (settings `recentFolders`) that still exist, latest first. */
  'files.recent': { input: noInput, output: z.object({ folders: z.array(z.string()) }) },
  /** A path was chosen in the picker: its folder (a file's own folder) goes first in the recent ones. */
  'files.remember': {
    input: z.object({ path: z.string().min(1).max(4096) }).strict(),
    output: z.object({ folders: z.array(z.string()) }),
  },

  // A team campaign on a collector (docs/team-collector.md, "The app"): the endpoint's key says
  // whether this app is a reviewer (pull, submit through the outbox) or the lead (results, export).
  /** Leases the next batch of the endpoint's campaign into the workspace, with the model's regions. */
  'team.pull': {
    input: z.object({ maxImages: z.number().int().min(1).max(128).default(10) }).strict(),
    output: z.object({
      campaignId: z.string(),
      added: z.number().int(),
      already: z.number().int(),
      failed: z.array(z.object({ imageId: z.string(), reason: z.string() })),
      leaseExpiresAt: z.string(),
      remaining: z.number().int(),
    }),
  },
  /** The reviewer's lease and where the campaign's images in this workspace stand. */
  'team.assignment': { input: noInput, output: teamAssignmentViewSchema },
  /**
   * The collector's campaigns. `lead` says whether the endpoint's key is the lead's: a reviewer's
   * key is refused the lead routes, and then the list is empty.
   */
  'team.campaigns': {
    input: noInput,
    output: z.object({ lead: z.boolean(), campaigns: z.array(teamCampaignViewSchema) }),
  },
  /** A campaign's merged verdicts, throughput, agreement, gold and disagreements (lead key). */
  'team.results': {
    input: z.object({ campaignId: z.string().min(1).max(100).optional() }).strict(),
    output: teamResultsViewSchema,
  },
  /**
   * The campaign's merged result in one of the collector's formats, written to a file (default:
   * `loupe-team-<campaign>-<format>.<ext>` in the exports folder), under export.run's rules.
   */
  'team.export': {
    input: z
      .object({
        campaignId: z.string().min(1).max(100).optional(),
        format: teamExportFormatSchema,
        file: z.string().min(1).optional(),
        overwrite: z.boolean().default(false),
      })
      .strict(),
    output: z.object({ file: z.string(), bytes: z.number().int() }),
  },

  'outbox.list': {
    input: z.object({ ...page, state: outboxStateSchema.optional() }).strict(),
    output: z.object({ items: z.array(outboxItemViewSchema) }),
  },
  'outbox.retry': {
    input: z.object({ ids: z.array(id).optional() }).strict(),
    output: z.object({ retried: z.number().int() }),
  },
  'outbox.discard': { input: z.object({ id }).strict(), output: syncStatusSchema },
  'sync.status': { input: noInput, output: syncStatusSchema },
  'sync.pause': { input: noInput, output: syncStatusSchema },
  'sync.resume': { input: noInput, output: syncStatusSchema },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const events = {
  'settings.changed': settingsSchema,
  'sync.status': syncStatusSchema,
  /** `stage`: `reading` counts the bytes of a predictions file, `matching` its images; else images. */
  'import.progress': z.object({
    done: z.number().int(),
    total: z.number().int(),
    stage: z.enum(['reading', 'matching']).optional(),
  }),
  'predict.progress': z.object({
    queued: z.number().int(),
    done: z.number().int(),
    failed: z.number().int(),
  }),
  /** The native shell (menu, dock) asks the renderer to show a screen. */
  'ui.navigate': z.object({ view: z.enum(['review', 'queue', 'settings']) }),
  /**
   * Something about these images changed: a prediction arrived, a review was submitted, an edit
   * moved a review's status. An edit that leaves the status as it was says `review.changed` only.
   */
  'images.changed': z.object({ imageIds: z.array(z.number().int()) }),
  /** A review was edited (an edit, undo or redo): where it stands now. */
  'review.changed': z.object({
    predictionId: z.number().int(),
    imageId: z.number().int(),
    revision: z.number().int(),
    status: reviewStatusSchema,
  }),
} as const satisfies Record<EventName, z.ZodType>;

export type CommandName = keyof typeof commands;
export type { EventName };
export type CommandInput<N extends CommandName> = z.input<(typeof commands)[N]['input']>;
export type CommandOutput<N extends CommandName> = z.output<(typeof commands)[N]['output']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commands, name);
}

export { isEventName };

/** A DOM `File` as far as shared/ (which has no DOM types) needs to know it. */
export interface DroppedFile {
  readonly name: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** What the renderer sees as `window.loupe`, whichever transport carries it. */
export interface LoupeApi {
  invoke<N extends CommandName>(name: N, input: CommandInput<N>): Promise<Result<CommandOutput<N>>>;
  /** Subscribes to an event; returns the function that unsubscribes. */
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
  /**
   * The path of a file dropped on the window, so it can be imported. Only the desktop app knows
   * paths; in a browser (the bridge) this is undefined.
   */
  pathForFile(file: DroppedFile): string | undefined;
  /**
   * Sends a dropped image's bytes to the main side, which saves it under the data folder's
   * `uploads/` and answers where (the bridge build; the desktop app imports dropped files where
   * they are, by `pathForFile`).
   */
  uploadFile(file: DroppedFile): Promise<Result<{ path: string }>>;
  /**
   * The system's own open or save dialog (the desktop app only): the chosen paths, none when the
   * person cancelled. Absent in a browser, where the picker lists folders with `files.browse`.
   */
  pickPaths?(request: PathPickRequest): Promise<Result<string[]>>;
  /** Where the renderer loads an image or its thumbnail from (bytes come from the main side). */
  mediaUrl(imageId: number, kind: 'image' | 'thumb'): string;
  /**
   * Where the renderer loads a region's crop from (the triage grid): made and cached by the main
   * side from the region's box as it stands; the renderer names the region, never a file.
   */
  cropUrl(predictionId: number, regionKey: string): string;
  /** Transport state, so the UI can say when the main side is unreachable. */
  onConnection(listener: (state: ConnectionState) => void): () => void;
  /**
   * Events may have been missed (the bridge's socket was not yet open, or was down, when one was
   * sent): whoever keeps state from commands reads it again. Absent under Electron IPC, which
   * delivers every event from the window's start (docs/design.md §1).
   */
  onEventsMissed?(listener: () => void): () => void;
}

export type ConnectionState = 'connecting' | 'open' | 'closed' | 'refused';

/** Channel names used by the Electron transport. */
export const ipcChannels = {
  invoke: 'loupe:invoke',
  event: 'loupe:event',
  /** The native open/save dialog (LoupeApi.pickPaths). */
  pickPaths: 'loupe:pick-paths',
} as const;

/** Under Electron the renderer is served from `loupe://app/…`, never from `file://`. */
export const appScheme = 'loupe';
export const appOrigin = `${appScheme}://app`;
