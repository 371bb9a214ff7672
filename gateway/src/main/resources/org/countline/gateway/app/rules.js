/*
 * The gateway's checks of a field event, run on the device before anything is stored or sent,
 * with the gateway's own messages. Everything here is read from the gateway's OpenAPI document
 * (/openapi.json): minimum, maximum, enum, pattern, multipleOf and the x-countline-* limits, so
 * that a rule changed in the gateway changes here with it. The message wording follows
 * org.countline.core.json.FieldEventJson and org.countline.core.EventValidator; the browser test
 * compares both on the same bodies.
 */
(function (global) {
  'use strict';

  var NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;

  function Rules(doc) {
    this.schemas = doc.components.schemas;
    var event = this.schemas.FieldEvent;
    this.event = event;
    this.types = event.properties.type.enum.filter(function (t) { return t !== 'withdrawal'; });
    var drug = this.schemas.Seizure.properties.drugs.items;
    this.drugItem = drug;
    this.drugs = drug.properties.drug.enum;
    this.units = drug.properties.unit.enum;
    this.countDrugs = drug['x-countline-count-drugs'] || [];
    this.unitLimits = drug.properties.quantity['x-countline-units'] || {};
    this.weaponTypes = this.schemas.Seizure.properties.weapons.items.properties.type.enum;
    this.reporterPattern = new RegExp(event.properties.reporter.pattern);
    this.reporterMessage = event.properties.reporter['x-countline-message'] || 'must match ' + event.properties.reporter.pattern;
    this.reasonMax = this.schemas.Withdraw.properties.reason.maxLength;
  }

  /** The schema of a type's body, with $ref followed. */
  Rules.prototype.body = function (type) {
    return this.resolve(this.event.properties[type]);
  };

  Rules.prototype.resolve = function (schema) {
    if (schema && schema.$ref) {
      return this.schemas[schema.$ref.substring(schema.$ref.lastIndexOf('/') + 1)];
    }
    return schema;
  };

  /** The units allowed for a drug: count for counted drugs, the others for weighed ones. */
  Rules.prototype.unitsFor = function (drug) {
    var counted = this.countDrugs.indexOf(drug) >= 0;
    return this.units.filter(function (u) { return (u === 'count') === counted; });
  };

  /** Present: neither missing, null nor an empty string from an untouched input. */
  function present(v) {
    return v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');
  }

  /** A number's exact decimal text, or null when the value is no number. */
  function numberText(v) {
    if (typeof v === 'number') {
      if (!isFinite(v)) { return null; }
      var s = String(v);
      if (/e/i.test(s)) { s = v.toFixed(20).replace(/\.?0+$/, ''); }
      return s;
    }
    if (typeof v === 'string' && NUMBER.test(v.trim())) { return v.trim(); }
    return null;
  }

  /** Decimal places that matter (trailing zeros do not): "2.50" has 1. */
  function decimals(text) {
    var dot = text.indexOf('.');
    return dot < 0 ? 0 : text.substring(dot + 1).replace(/0+$/, '').length;
  }

  function Check() { this.errors = []; }
  Check.prototype.fail = function (field, message) { this.errors.push({ field: field, message: message }); };

  /** A whole number from minimum to maximum (FieldEventJson.integer). */
  Check.prototype.integer = function (v, path, schema) {
    var text = numberText(v);
    if (text === null) { this.fail(path, 'must be an integer'); return; }
    var n = Number(text);
    if (decimals(text) > 0) {
      this.fail(path, 'must be an integer');
    } else if (schema.minimum !== undefined && n < schema.minimum) {
      this.fail(path, 'must be >= ' + schema.minimum);
    } else if (schema.maximum !== undefined && n > schema.maximum) {
      this.fail(path, 'must be <= ' + schema.maximum);
    }
  };

  /** A non-negative decimal of at most `places` places (FieldEventJson.decimal). */
  Check.prototype.decimal = function (v, path, maximum, places, unit) {
    var text = numberText(v);
    if (text === null) { this.fail(path, 'must be a number'); return; }
    var n = Number(text);
    var suffix = unit ? ' ' + unit : '';
    if (n < 0) {
      this.fail(path, 'must be >= 0');
    } else if (maximum !== undefined && n > maximum) {
      this.fail(path, 'must be <= ' + maximum + suffix);
    } else if (decimals(text) > places) {
      this.fail(path, 'must have at most ' + places + ' decimal places' + (unit ? ' in' + suffix : ''));
    }
  };

  /** A value of an enum, in the order the schema lists them. */
  Check.prototype.choice = function (v, path, allowed, required) {
    if (!present(v)) {
      if (required) { this.fail(path, 'is required'); }
      return null;
    }
    if (typeof v !== 'string') { this.fail(path, 'must be a string'); return null; }
    if (allowed.indexOf(v) < 0) { this.fail(path, 'must be one of ' + allowed.join(', ')); return null; }
    return v;
  };

  function placesOf(schema) {
    if (!schema.multipleOf) { return 0; }
    return decimals(String(schema.multipleOf));
  }

  /** Checks the fields of an object against its schema's properties (numbers, enums, arrays). */
  Rules.prototype.object = function (c, obj, schema, path) {
    var self = this;
    Object.keys(schema.properties).forEach(function (name) {
      var prop = self.resolve(schema.properties[name]);
      var v = obj ? obj[name] : undefined;
      var at = path + '.' + name;
      if (prop.type === 'array') {
        if (!present(v)) { return; }
        if (!Array.isArray(v)) { c.fail(at, 'must be an array'); return; }
        v.forEach(function (item, i) {
          if (item === null || typeof item !== 'object') { c.fail(at + '[' + i + ']', 'must be an object'); return; }
          if (prop.items === self.drugItem) {
            self.drug(c, item, at + '[' + i + ']');
          } else {
            self.item(c, item, prop.items, at + '[' + i + ']');
          }
        });
      } else if (!present(v)) {
        return;
      } else if (prop.type === 'integer') {
        c.integer(v, at, prop);
      } else if (prop.type === 'number') {
        c.decimal(v, at, prop.maximum, placesOf(prop), '');
      }
    });
  };

  Rules.prototype.item = function (c, item, schema, path) {
    var self = this;
    Object.keys(schema.properties).forEach(function (name) {
      var prop = schema.properties[name];
      var required = (schema.required || []).indexOf(name) >= 0;
      if (prop.enum) {
        c.choice(item[name], path + '.' + name, prop.enum, required);
      } else if (!present(item[name])) {
        if (required) { c.fail(path + '.' + name, 'is required'); }
      } else if (prop.type === 'integer') {
        c.integer(item[name], path + '.' + name, prop);
      }
    });
    return self;
  };

  /** A drug of a seizure: the unit decides the quantity's limits (FieldEventJson.drug). */
  Rules.prototype.drug = function (c, item, path) {
    var props = this.drugItem.properties;
    var drug = c.choice(item.drug, path + '.drug', props.drug.enum, true);
    var unit = c.choice(item.unit, path + '.unit', props.unit.enum, true);
    if (drug !== null && unit !== null) {
      var counted = this.countDrugs.indexOf(drug) >= 0;
      if (counted !== (unit === 'count')) {
        c.fail(path + '.unit', counted ? 'must be count for ' + drug : 'must be g or kg for ' + drug);
        unit = null;
      }
    }
    var q = item.quantity;
    var qPath = path + '.quantity';
    if (!present(q)) {
      c.fail(qPath, 'is required');
    } else if (unit === 'count') {
      c.integer(q, qPath, { minimum: 0, maximum: this.unitLimits.count.maximum });
    } else if (unit !== null && this.unitLimits[unit]) {
      c.decimal(q, qPath, this.unitLimits[unit].maximum, this.unitLimits[unit].decimals, unit);
    } else {
      var text = numberText(q);
      if (text === null) {
        c.fail(qPath, 'must be a number');
      } else if (Number(text) < 0) {
        c.fail(qPath, 'must be >= 0');
      }
    }
    if (present(item.valueGbp)) {
      c.decimal(item.valueGbp, path + '.valueGbp', props.valueGbp.maximum, placesOf(props.valueGbp), '');
    }
  };

  /**
   * Every error of an event, as the gateway would answer them: [{field, message}], empty when
   * it would be accepted. `operation` (from GET /v1/operations) adds the window check the
   * gateway makes once the shape is right.
   */
  Rules.prototype.validateEvent = function (e, operation) {
    var c = new Check();
    var type = c.choice(e.type, 'type', this.event.properties.type.enum, true);
    if (present(e.reporter) && (typeof e.reporter !== 'string' || !this.reporterPattern.test(e.reporter))) {
      c.fail('reporter', this.reporterMessage);
    }
    if (!present(e.operationId)) { c.fail('operationId', 'is required'); }
    if (!present(e.force)) { c.fail('force', 'is required'); }
    if (!present(e.occurredAt)) { c.fail('occurredAt', 'is required'); }
    if (type !== null && type !== 'withdrawal') {
      this.object(c, e[type] || {}, this.body(type), type);
    }
    if (c.errors.length === 0 && operation && type !== 'withdrawal') {
      var at = new Date(e.occurredAt);
      if (isNaN(at.getTime())) {
        c.fail('occurredAt', 'must be an ISO-8601 date-time with an offset, e.g. 2022-10-04T09:30:00+01:00');
      } else if (at < new Date(operation.startsAt) || at >= new Date(operation.endsBefore)) {
        c.fail('occurredAt', instant(at) + " is outside operation '" + operation.id + "' ("
          + operation.start + ' to ' + operation.end + ' ' + operation.timeZone + ')');
      }
    }
    return c.errors;
  };

  /** A withdrawal's reason (EventsApi.withdrawalReason). */
  Rules.prototype.validateReason = function (reason) {
    if (!present(reason)) { return [{ field: 'reason', message: typeof reason === 'string' ? 'must not be blank' : 'is required' }]; }
    if (Array.from(reason).length > this.reasonMax) {
      return [{ field: 'reason', message: 'must be at most ' + this.reasonMax + ' characters' }];
    }
    return [];
  };

  Rules.prototype.validateReporter = function (reporter) {
    if (!present(reporter)) { return []; }
    return this.reporterPattern.test(reporter) ? [] : [{ field: 'reporter', message: this.reporterMessage }];
  };

  /** Java's Instant.toString(): milliseconds only when there are some. */
  function instant(date) {
    return date.toISOString().replace('.000Z', 'Z');
  }

  Rules.numberText = numberText;
  global.CountlineRules = Rules;
}(this));
