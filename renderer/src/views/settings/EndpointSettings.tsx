import { useState } from 'react';
import { endpointSchema, type Endpoint, type Settings } from '../../../../shared/settings.ts';
import { loupe } from '../../loupe.ts';
import { useAppStore } from '../../state/appStore.ts';
import { TextSetting } from './fields.tsx';

const clarifaiBaseUrl = 'https://api.clarifai.com';

/** The settings schema's own words for a base URL it refuses (shown beside the field). */
function baseUrlProblem(baseUrl: string): string | undefined {
  const parsed = endpointSchema.safeParse({ kind: 'custom', baseUrl: baseUrl.trim() });
  return parsed.success ? undefined : `Not saved: ${parsed.error.issues[0]?.message ?? 'not a URL'}`;
}

/** Endpoint profiles: the embedded local API, Clarifai (PAT + user/app), or any v2 base URL. */
export function EndpointSettings({ settings }: { settings: Settings }) {
  const update = useAppStore((state) => state.updateSettings);
  const report = useAppStore((state) => state.report);
  const [test, setTest] = useState<{ ok: boolean; message: string } | undefined>();
  const endpoint = settings.endpoint;
  const setEndpoint = (next: Endpoint) => {
    setTest(undefined);
    return update({ endpoint: next });
  };

  return (
    <fieldset className="fieldset">
      <legend>Endpoint</legend>
      <label>
        <span>Send predictions and feedback to</span>
        <select
          value={endpoint.kind}
          onChange={(event) => {
            const kind = event.target.value as Endpoint['kind'];
            void setEndpoint(
              kind === 'local'
                ? { kind }
                : kind === 'clarifai'
                  ? { kind, baseUrl: clarifaiBaseUrl, userId: '', appId: '' }
                  : kind === 'team'
                    ? { kind, baseUrl: 'http://127.0.0.1:8080', campaignId: '' }
                    : { kind, baseUrl: 'http://127.0.0.1:8080' },
            );
          }}
        >
          <option value="local">Embedded local API (no account, no network)</option>
          <option value="clarifai">Clarifai (personal access token)</option>
          <option value="custom">Another Clarifai v2-compatible server</option>
          <option value="team">Team collector (a campaign on loupe serve)</option>
        </select>
      </label>
      {endpoint.kind === 'clarifai' && (
        <>
          <TextSetting
            label="Base URL"
            value={endpoint.baseUrl}
            validate={baseUrlProblem}
            onCommit={(baseUrl) => setEndpoint({ ...endpoint, baseUrl: baseUrl.trim() })}
          />
          <TextSetting
            label="User id"
            hint="Personal access tokens need the user and app the models live in (e.g. clarifai / main)."
            value={endpoint.userId}
            onCommit={(userId) => setEndpoint({ ...endpoint, userId })}
          />
          <TextSetting
            label="App id"
            value={endpoint.appId}
            onCommit={(appId) => setEndpoint({ ...endpoint, appId })}
          />
        </>
      )}
      {endpoint.kind === 'custom' && (
        <TextSetting
          label="Base URL"
          hint="The server's address without /v2 (Loupe adds it), e.g. http://127.0.0.1:8080."
          value={endpoint.baseUrl}
          validate={baseUrlProblem}
          onCommit={(baseUrl) => setEndpoint({ ...endpoint, baseUrl: baseUrl.trim() })}
        />
      )}
      {endpoint.kind === 'team' && (
        <>
          <TextSetting
            label="Collector URL"
            hint="The collector's address (loupe serve), e.g. http://127.0.0.1:8080. Its key goes under API key below: your reviewer key, or the lead key."
            value={endpoint.baseUrl}
            validate={baseUrlProblem}
            onCommit={(baseUrl) => setEndpoint({ ...endpoint, baseUrl: baseUrl.trim() })}
          />
          <TextSetting
            label="Campaign id"
            value={endpoint.campaignId}
            validate={(value) => {
              const parsed = endpointSchema.safeParse({ ...endpoint, campaignId: value });
              return parsed.success
                ? undefined
                : `Not saved: ${parsed.error.issues[0]?.message ?? 'not an id'}`;
            }}
            onCommit={(campaignId) => setEndpoint({ ...endpoint, campaignId: campaignId.trim() })}
          />
        </>
      )}
      <div className="row">
        <button
          type="button"
          onClick={() =>
            void loupe.invoke('endpoint.test', {}).then((result) => {
              const value = report(result);
              if (value) setTest(value);
            })
          }
        >
          Test connection
        </button>
        {test && (
          <span className={test.ok ? 'ok-text' : 'error-text'} role="status" data-testid="endpoint-test">
            {test.message}
          </span>
        )}
      </div>
    </fieldset>
  );
}
