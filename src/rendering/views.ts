import type { ViewContext } from './context.js';
import { createGatherView } from './gather.js';
import { createJsonView } from './json.js';
import { createLinesView } from './lines.js';
import { createRawView } from './raw.js';
import type { View, ViewName } from './view.js';
import { createYamlView } from './yaml.js';

/** Creates the view that `-o/--output` names. */
export function createView(name: ViewName, context: ViewContext): View {
  switch (name) {
    case 'yaml':
      return createYamlView(context.stdout);
    case 'json':
      return createJsonView(context.stdout);
    case 'lines':
      return createLinesView(context);
    case 'gather':
      return createGatherView(context);
    case 'raw':
      return createRawView(context);
  }
}
