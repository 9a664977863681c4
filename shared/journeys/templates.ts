/**
 * Starting points for a map: e-commerce purchase, onboarding and support. Touchpoint cards come bound to
 * the event names of the sample event table (sample-data/events.parquet), so a map bound to it fills in.
 */
import { LANE_KIND_LABELS, type Card, type JourneyMapInput, type LaneKind } from './map';

export interface JourneyTemplate {
  id: string;
  name: string;
  description: string;
  map: JourneyMapInput;
}

type CardSpec = string | (Partial<Omit<Card, 'id' | 'stageId' | 'laneId'>> & { text: string });

/** One row per lane: the cards of each stage in order (a string is a card's text; null leaves the cell empty). */
function build(
  name: string,
  persona: JourneyMapInput['persona'],
  stages: string[],
  rows: [LaneKind, (CardSpec | CardSpec[] | null)[]][],
): JourneyMapInput {
  const map: JourneyMapInput = {
    name,
    version: 'as-is',
    persona,
    stages: stages.map((s, i) => ({ id: `s${i + 1}`, name: s })),
    lanes: rows.map(([kind], i) => ({ id: `l${i + 1}`, kind, name: LANE_KIND_LABELS[kind] })),
    cards: [],
  };
  rows.forEach(([, cells], li) =>
    cells.forEach((cell, si) => {
      for (const spec of cell === null ? [] : Array.isArray(cell) ? cell : [cell])
        map.cards.push({
          id: `c${map.cards.length + 1}`,
          stageId: `s${si + 1}`,
          laneId: `l${li + 1}`,
          ...(typeof spec === 'string' ? { text: spec } : spec),
        });
    }),
  );
  return map;
}

const tp = (text: string, channel: string, events: string[]): CardSpec => ({ text, channel, binding: { events } });
const feel = (text: string, emotion: number): CardSpec => ({ text, emotion });

export const JOURNEY_TEMPLATES: readonly JourneyTemplate[] = [
  {
    id: 'ecommerce-purchase',
    name: 'E-commerce purchase',
    description: 'From the first visit to the order: discovery, browsing, the cart, checkout and delivery.',
    map: build(
      'E-commerce purchase',
      { name: 'Online shopper', description: 'Buys home and fashion items online a few times a year, mostly on a phone.' },
      ['Discover', 'Browse', 'Cart', 'Checkout', 'Purchase'],
      [
        [
          'actions',
          [
            'Arrives from an ad or a search',
            'Looks at products and compares prices',
            'Adds an item to the cart',
            'Enters address and payment',
            'Places the order',
          ],
        ],
        [
          'touchpoints',
          [
            tp('Landing page', 'web', ['visit']),
            tp('Product page', 'web', ['product_view']),
            tp('Cart', 'web', ['add_to_cart']),
            tp('Checkout', 'web', ['checkout']),
            tp('Order confirmation', 'email', ['purchase']),
          ],
        ],
        [
          'thoughts',
          [
            '"Is this shop trustworthy?"',
            '"Which one is right for me?"',
            '"What will shipping cost?"',
            '"Why so many fields?"',
            '"When will it arrive?"',
          ],
        ],
        ['emotion', [feel('Curious', 1), feel('Interested', 1), feel('Hesitant', 0), feel('Frustrated', -1), feel('Relieved', 2)]],
        ['pain_points', [null, 'Few reviews on many products', 'Shipping cost shown late', 'Account required to pay', null]],
        [
          'opportunities',
          [null, 'Show reviews and stock', 'Show shipping cost in the cart', 'Guest checkout', 'Tracking link in the email'],
        ],
        ['backstage', [null, 'Catalogue and search index', 'Inventory reservation', 'Payment provider', 'Warehouse picks the order']],
        [
          'kpis',
          [
            { text: 'Visitors', kpi: 'sessions' },
            { text: 'Product view rate', kpi: 'rate' },
            { text: 'Add-to-cart rate', kpi: 'rate' },
            { text: 'Checkout completion', kpi: 'rate' },
            { text: 'Conversion', kpi: 'rate' },
          ],
        ],
      ],
    ),
  },
  {
    id: 'onboarding',
    name: 'Onboarding',
    description: 'A new customer signs up, sets up, reaches the first value and becomes a regular.',
    map: build(
      'Onboarding',
      { name: 'New customer', description: 'Signed up after a recommendation; wants to see value within the first week.' },
      ['Sign up', 'Set up', 'First value', 'Habit'],
      [
        ['actions', ['Creates an account', 'Fills in the profile and preferences', 'Completes the first task', 'Comes back weekly']],
        [
          'touchpoints',
          [
            tp('Sign-up form', 'web', ['visit']),
            tp('Welcome email', 'email', []),
            tp('First order', 'web', ['purchase']),
            tp('Reminder', 'app', []),
          ],
        ],
        ['thoughts', ['"Will this be worth it?"', '"How long does this take?"', '"That was easy."', '"It is part of my week now."']],
        ['emotion', [feel('Hopeful', 1), feel('Impatient', -1), feel('Pleased', 2), feel('Content', 1)]],
        ['pain_points', [null, 'Too many setup steps', null, 'Reminders feel like spam']],
        [
          'opportunities',
          [
            'Sign up with an existing account',
            'Defer optional steps',
            'Celebrate the first success',
            'Let customers choose reminder times',
          ],
        ],
        ['owners', ['Growth', 'Product', 'Product', 'CRM']],
      ],
    ),
  },
  {
    id: 'support',
    name: 'Support',
    description: 'A customer with a problem looks for help, contacts support and gets it resolved.',
    map: build(
      'Support',
      { name: 'Customer with a problem', description: 'An order arrived damaged; wants a replacement quickly.' },
      ['Notice a problem', 'Look for help', 'Contact support', 'Resolution', 'Follow-up'],
      [
        [
          'actions',
          ['Finds the damaged item', 'Searches the help centre', 'Opens a chat or calls', 'Receives a replacement', 'Answers the survey'],
        ],
        [
          'touchpoints',
          [
            null,
            tp('Help centre', 'web', ['visit']),
            tp('Support contact', 'chat', ['support_contact']),
            tp('Replacement order', 'web', ['purchase']),
            tp('Satisfaction survey', 'email', []),
          ],
        ],
        ['emotion', [feel('Annoyed', -1), feel('Frustrated', -2), feel('Reassured', 0), feel('Satisfied', 1), feel('Loyal', 1)]],
        ['pain_points', [null, 'Articles do not cover damage', 'Long wait in the queue', null, null]],
        [
          'opportunities',
          ['Photo upload in the order page', 'A damage claim form', 'Call-back instead of waiting', 'Ship the replacement first', null],
        ],
        ['backstage', [null, null, 'Ticketing system', 'Returns and refunds team', 'Survey tool']],
        [
          'kpis',
          [
            null,
            { text: 'Self-service rate', kpi: 'rate' },
            { text: 'First response time', kpi: 'minutes' },
            { text: 'Resolution time', kpi: 'hours' },
            { text: 'CSAT', kpi: 'score' },
          ],
        ],
      ],
    ),
  },
];

export const TEMPLATE_IDS = JOURNEY_TEMPLATES.map((t) => t.id);

/** A new map (no id yet) from a template, refusing an unknown template with the accepted ids. */
export function mapFromTemplate(templateId: string): JourneyMapInput {
  const t = JOURNEY_TEMPLATES.find((x) => x.id === templateId);
  if (!t) throw new Error(`template: unknown template "${templateId}"; use one of ${TEMPLATE_IDS.join(', ')}.`);
  return structuredClone(t.map);
}
