import { useState } from 'preact/hooks';
import { useSuggestions, type Suggestion } from '../api/suggestions';
import { useLang, useStrings } from '../i18n';
import { href } from '../router';

/** Type-ahead over speakers and countries (an ARIA combobox: arrows, Enter, Escape). */
export function SearchBox() {
  const lang = useLang();
  const t = useStrings();
  const [term, setTerm] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const { suggestions, fetching } = useSuggestions(term, lang);
  const shown = open && suggestions.length > 0;

  const go = (suggestion: Suggestion) => {
    location.hash = suggestion.kind === 'speaker' ? href.speaker(suggestion.id) : href.country(suggestion.code);
    setOpen(false);
    setTerm('');
    setActive(-1);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (suggestions.length === 0 ? -1 : (i + step + suggestions.length) % suggestions.length));
    } else if (event.key === 'Enter') {
      // Enter on a chosen suggestion opens it; otherwise it searches articles, statements and speakers.
      const chosen = shown ? suggestions[active] : undefined;
      event.preventDefault();
      if (chosen) {
        go(chosen);
      } else if (term.trim()) {
        location.hash = href.search(term.trim());
        setOpen(false);
        setActive(-1);
      }
    } else if (event.key === 'Escape') {
      setOpen(false);
    }
  };

  return (
    <div class="search" role="search">
      <input
        type="search"
        role="combobox"
        aria-label={t.search}
        placeholder={t.search}
        aria-expanded={shown}
        aria-controls="suggestions"
        aria-autocomplete="list"
        aria-busy={fetching}
        aria-activedescendant={shown && active >= 0 ? `suggestion-${active}` : undefined}
        value={term}
        onInput={(e) => {
          setTerm(e.currentTarget.value);
          setOpen(true);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onFocus={() => setOpen(true)}
      />
      {shown && (
        <ul id="suggestions" role="listbox" class="suggestions">
          {suggestions.map((suggestion, i) => (
            <li
              key={suggestion.kind === 'speaker' ? suggestion.id : suggestion.code}
              id={`suggestion-${i}`}
              role="option"
              aria-selected={i === active}
              data-kind={suggestion.kind}
              onMouseDown={(e) => {
                e.preventDefault();
                go(suggestion);
              }}
            >
              <span class="label">{suggestion.label}</span>
              <span class="detail">
                {suggestion.kind === 'speaker' ? t.speaker : t.country}
                {suggestion.detail && ` · ${suggestion.detail}`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
