/**
 * A `{saved.field}` the saved response lacks: rendering stops with a message naming the
 * scenario, the step, the saved name, the field and what the response held (pure: no server).
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../runner/scenarios/load.js';
import { compileScenario, type ConnectionState } from '../../runner/scenarios/render.js';
import { saveResponse, ScenarioRunError } from '../../runner/scenarios/saved-field.js';
import { createRng } from '../../runner/stats/random.js';

const state = (): ConnectionState => ({ rng: createRng(1), connection: 1, counter: 0, saved: {} });

/** A user's scenario: it saves the create as "create" and deletes by `{create.uuid}`. */
const scenario = parseScenario(
  'scenarios/my-crud.json',
  JSON.stringify({
    name: 'my-crud',
    description: 'create, then delete by a field the answer may not have',
    sequence: [
      {
        name: 'make',
        method: 'POST',
        path: '/catalog/products',
        body: { sku: 'abc', title: 't', unit_price: 1 },
        expect: [201],
        save: 'create',
      },
      {
        name: 'remove',
        method: 'DELETE',
        path: '/catalog/products/{create.uuid}',
        body: { note: 'was {create.sku}' },
        expect: [204],
      },
    ],
  }),
).scenario;
const [, remove] = compileScenario(scenario);

function renderError(s: ConnectionState): ScenarioRunError {
  try {
    remove!.render(s);
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioRunError);
    return error as ScenarioRunError;
  }
  throw new Error('rendered a request whose saved field is missing');
}

describe('a saved field the response lacks', () => {
  it('renders when the field is there', () => {
    const s = state();
    saveResponse(s.saved, 'create', '{"uuid":"u-1","sku":"abc"}');
    expect(remove!.render(s)).toMatchObject({
      method: 'DELETE',
      path: '/catalog/products/u-1',
      body: '{"note":"was abc"}',
    });
  });

  it.each([
    {
      what: 'a JSON object without the field',
      body: '{"id":1001,"sku":"abc"}',
      held: /held \{"id":1001,"sku":"abc"\} \(fields: id, sku\); it has no field "uuid"/,
    },
    {
      what: 'the field set to null',
      body: '{"uuid":null}',
      held: /held \{"uuid":null\} \(fields: uuid\); its field "uuid" is null/,
    },
    {
      what: 'an error body',
      body: '{"detail":"Payload Too Large"}',
      held: /held \{"detail":"Payload Too Large"\} \(fields: detail\); it has no field "uuid"/,
    },
    {
      what: 'a body that is not JSON',
      body: '<html>oops</html>',
      held: /held a body that is not JSON: "<html>oops<\/html>"; it has no field "uuid"/,
    },
    { what: 'an empty body', body: '', held: /held an empty body; it has no field "uuid"/ },
    { what: 'a JSON array', body: '[1,2]', held: /held \[1,2\], not a JSON object/ },
  ])('stops on $what, naming scenario, step, name, field and what it held', ({ body, held }) => {
    const s = state();
    saveResponse(s.saved, 'create', body);
    const error = renderError(s);
    expect(error.message).toMatch(
      /^scenario my-crud, step "remove": \{create\.uuid\} has no value: the response saved as "create" /,
    );
    expect(error.message).toMatch(held);
    expect(error.message).toMatch(/Fix the placeholder in the scenario .* or the server/);
    expect(error.saved).toBe('create');
  });

  it('cuts a long body short in the message', () => {
    const s = state();
    saveResponse(s.saved, 'create', JSON.stringify({ detail: 'x'.repeat(5000) }));
    const message = renderError(s).message;
    expect(message.length).toBeLessThan(600);
    expect(message).toContain('…');
  });

  it('never sends "undefined": the old behaviour is gone from every placeholder form', () => {
    const s = state();
    saveResponse(s.saved, 'create', '{"sku":"abc"}');
    expect(() => remove!.render(s)).toThrow(/\{create\.uuid\} has no value/);
  });
});
