// The settings of profile figures in the editor, declared once: scripts/manifest.ts writes them
// into package.json and the client reads them by these names and defaults.

export const THRESHOLD_SETTING = 'profileInEditor.thresholdPercent';
export const HOT_FUNCTIONS_SETTING = 'profileInEditor.hotFunctions';
export const DEFAULT_THRESHOLD_PERCENT = 1;
export const DEFAULT_HOT_FUNCTIONS = 10;

/** The package.json configuration section of these settings. */
export function profileInEditorConfigurationSection() {
  return {
    id: 'gomem.profileInEditor',
    title: 'gomem: Profile in Editor',
    properties: {
      [`gomem.${THRESHOLD_SETTING}`]: {
        type: 'number',
        default: DEFAULT_THRESHOLD_PERCENT,
        minimum: 0,
        maximum: 100,
        markdownDescription:
          "A source line shows the active profile's figures when its cum (or flat) reaches this percentage of the profile's total, for the viewer's sample type. `0` shows every line with a value.",
        scope: 'resource',
      },
      [`gomem.${HOT_FUNCTIONS_SETTING}`]: {
        type: 'integer',
        default: DEFAULT_HOT_FUNCTIONS,
        minimum: 0,
        maximum: 1000,
        markdownDescription:
          'A CodeLens with cum and flat sits over each of the active profile\'s top functions by cum, this many of them; it opens the profile viewer focused on the function. `0` turns the CodeLens off.',
        scope: 'resource',
      },
    },
  };
}
