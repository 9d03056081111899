import { GoType, stdType } from './goType';

/**
 * What the resolver knows of the standard library without reading it: the results of common
 * functions and methods, the fields of a few structs rules look into, and the underlying types
 * of named types whose size or comparability matters. Anything not listed is unknown.
 */

/** Results of package functions, by `importPath.Func`. */
const FUNCTIONS: Record<string, string[]> = {
  'bytes.NewBuffer': ['*bytes.Buffer'],
  'bytes.NewBufferString': ['*bytes.Buffer'],
  'bytes.NewReader': ['*bytes.Reader'],
  'bytes.Clone': ['[]byte'],
  'bytes.Repeat': ['[]byte'],
  'bytes.Join': ['[]byte'],
  'strings.NewReader': ['*strings.Reader'],
  'strings.Repeat': ['string'],
  'strings.Join': ['string'],
  'strings.ToLower': ['string'],
  'strings.ToUpper': ['string'],
  'strings.TrimSpace': ['string'],
  'strings.Clone': ['string'],
  'strings.Split': ['[]string'],
  'strings.Fields': ['[]string'],
  'io.ReadAll': ['[]byte', 'error'],
  'io/ioutil.ReadAll': ['[]byte', 'error'],
  'io/ioutil.ReadFile': ['[]byte', 'error'],
  'io.LimitReader': ['io.Reader'],
  'io.MultiReader': ['io.Reader'],
  'io.TeeReader': ['io.Reader'],
  'io.NopCloser': ['io.ReadCloser'],
  'io/ioutil.NopCloser': ['io.ReadCloser'],
  'io.Copy': ['int64', 'error'],
  'io.CopyN': ['int64', 'error'],
  'io.CopyBuffer': ['int64', 'error'],
  'io.ReadFull': ['int', 'error'],
  'os.ReadFile': ['[]byte', 'error'],
  'os.Open': ['*os.File', 'error'],
  'os.Create': ['*os.File', 'error'],
  'os.OpenFile': ['*os.File', 'error'],
  'os.Getenv': ['string'],
  'bufio.NewReader': ['*bufio.Reader'],
  'bufio.NewReaderSize': ['*bufio.Reader'],
  'bufio.NewWriter': ['*bufio.Writer'],
  'bufio.NewWriterSize': ['*bufio.Writer'],
  'bufio.NewScanner': ['*bufio.Scanner'],
  'context.Background': ['context.Context'],
  'context.TODO': ['context.Context'],
  'context.WithCancel': ['context.Context', 'context.CancelFunc'],
  'context.WithTimeout': ['context.Context', 'context.CancelFunc'],
  'context.WithDeadline': ['context.Context', 'context.CancelFunc'],
  'context.WithValue': ['context.Context'],
  'context.WithoutCancel': ['context.Context'],
  'errors.New': ['error'],
  'fmt.Errorf': ['error'],
  'fmt.Sprintf': ['string'],
  'fmt.Sprint': ['string'],
  'fmt.Sprintln': ['string'],
  'strconv.Itoa': ['string'],
  'strconv.Quote': ['string'],
  'strconv.FormatInt': ['string'],
  'strconv.Atoi': ['int', 'error'],
  'strconv.ParseInt': ['int64', 'error'],
  'strconv.AppendInt': ['[]byte'],
  'strconv.AppendQuote': ['[]byte'],
  'time.Now': ['time.Time'],
  'time.Since': ['time.Duration'],
  'time.Until': ['time.Duration'],
  'time.NewTimer': ['*time.Timer'],
  'time.NewTicker': ['*time.Ticker'],
  'time.After': ['<-chan time.Time'],
  'reflect.ValueOf': ['reflect.Value'],
  'reflect.TypeOf': ['reflect.Type'],
  'reflect.New': ['reflect.Value'],
  'reflect.Indirect': ['reflect.Value'],
  'unsafe.Sizeof': ['uintptr'],
  'unsafe.Alignof': ['uintptr'],
  'unsafe.Offsetof': ['uintptr'],
  'unsafe.Add': ['unsafe.Pointer'],
  'unsafe.String': ['string'],
  'unsafe.StringData': ['*byte'],
  'sync.NewCond': ['*sync.Cond'],
  'net/http.NewRequest': ['*net/http.Request', 'error'],
  'net/http.NewRequestWithContext': ['*net/http.Request', 'error'],
  'net/http.Get': ['*net/http.Response', 'error'],
  'net/http.Post': ['*net/http.Response', 'error'],
  'net/http.MaxBytesReader': ['io.ReadCloser'],
  'encoding/json.Marshal': ['[]byte', 'error'],
  'encoding/json.MarshalIndent': ['[]byte', 'error'],
  'encoding/json.NewDecoder': ['*encoding/json.Decoder'],
  'encoding/json.NewEncoder': ['*encoding/json.Encoder'],
  'encoding/hex.EncodeToString': ['string'],
  'compress/gzip.NewWriter': ['*compress/gzip.Writer'],
  'compress/gzip.NewReader': ['*compress/gzip.Reader', 'error'],
};

/** Results of methods, by `importPath.Type.Method` (pointer and value receivers alike). */
const METHODS: Record<string, string[]> = {
  'bytes.Buffer.Bytes': ['[]byte'],
  'bytes.Buffer.String': ['string'],
  'bytes.Buffer.Len': ['int'],
  'bytes.Buffer.Cap': ['int'],
  'bytes.Buffer.ReadFrom': ['int64', 'error'],
  'bytes.Buffer.Write': ['int', 'error'],
  'bytes.Buffer.WriteString': ['int', 'error'],
  'strings.Builder.String': ['string'],
  'strings.Builder.Len': ['int'],
  'strings.Builder.Cap': ['int'],
  'net/http.Request.Context': ['context.Context'],
  'net/http.Request.WithContext': ['*net/http.Request'],
  'net/http.Request.Clone': ['*net/http.Request'],
  'net/http.Request.FormValue': ['string'],
  'net/http.Request.Cookie': ['*net/http.Cookie', 'error'],
  'net/http.Header.Get': ['string'],
  'net/http.Header.Clone': ['net/http.Header'],
  'net/url.URL.String': ['string'],
  'net/url.URL.Query': ['net/url.Values'],
  'context.Context.Done': ['<-chan struct{}'],
  'context.Context.Err': ['error'],
  'time.Time.Sub': ['time.Duration'],
  'time.Time.Unix': ['int64'],
  'reflect.Value.Pointer': ['uintptr'],
  'reflect.Value.UnsafeAddr': ['uintptr'],
  'reflect.Value.UnsafePointer': ['unsafe.Pointer'],
  'reflect.Value.Elem': ['reflect.Value'],
  'reflect.Value.Field': ['reflect.Value'],
  'reflect.Value.Index': ['reflect.Value'],
  'reflect.Value.Interface': ['any'],
  'os.File.Name': ['string'],
  'os.File.Read': ['int', 'error'],
  'sync.Pool.Get': ['any'],
  'bufio.Reader.ReadString': ['string', 'error'],
  'bufio.Reader.ReadBytes': ['[]byte', 'error'],
  'bufio.Scanner.Bytes': ['[]byte'],
  'bufio.Scanner.Text': ['string'],
};

/** Fields of standard-library structs, by `importPath.Type`. */
const FIELDS: Record<string, Record<string, string>> = {
  'net/http.Request': {
    Method: 'string',
    URL: '*net/url.URL',
    Header: 'net/http.Header',
    Body: 'io.ReadCloser',
    ContentLength: 'int64',
    Host: 'string',
    RemoteAddr: 'string',
    RequestURI: 'string',
    Form: 'net/url.Values',
    PostForm: 'net/url.Values',
  },
  'net/http.Response': { Body: 'io.ReadCloser', Header: 'net/http.Header', StatusCode: 'int', ContentLength: 'int64', Request: '*net/http.Request' },
  'net/url.URL': { Scheme: 'string', Host: 'string', Path: 'string', RawQuery: 'string' },
  'reflect.SliceHeader': { Data: 'uintptr', Len: 'int', Cap: 'int' },
  'reflect.StringHeader': { Data: 'uintptr', Len: 'int' },
};

/** Underlying types of named standard-library types, where a rule needs the kind, size or comparability. */
const UNDERLYING: Record<string, GoType | (() => GoType)> = {
  'time.Duration': stdType('int64'),
  'time.Month': stdType('int'),
  'time.Weekday': stdType('int'),
  'os.FileMode': stdType('uint32'),
  'io/fs.FileMode': stdType('uint32'),
  'net/http.Header': { kind: 'map', key: stdType('string'), elem: stdType('[]string'), text: 'map[string][]string' },
  'net/url.Values': { kind: 'map', key: stdType('string'), elem: stdType('[]string'), text: 'map[string][]string' },
  'io.Reader': { kind: 'interface', text: 'interface{ Read(p []byte) (n int, err error) }' },
  'io.Writer': { kind: 'interface', text: 'interface{ Write(p []byte) (n int, err error) }' },
  'io.ReadCloser': { kind: 'interface', text: 'interface{ io.Reader; io.Closer }' },
  'io.WriteCloser': { kind: 'interface', text: 'interface{ io.Writer; io.Closer }' },
  'io.ReadWriter': { kind: 'interface', text: 'interface{ io.Reader; io.Writer }' },
  'context.Context': { kind: 'interface', text: 'interface{ ... }' },
  'reflect.Type': { kind: 'interface', text: 'interface{ ... }' },
  'context.CancelFunc': { kind: 'func', results: [], text: 'func()' },
  'reflect.SliceHeader': { kind: 'struct', text: 'struct{ Data uintptr; Len int; Cap int }' },
  'reflect.StringHeader': { kind: 'struct', text: 'struct{ Data uintptr; Len int }' },
  'bytes.Buffer': { kind: 'struct', text: '' },
  'strings.Builder': { kind: 'struct', text: '' },
  'sync.Pool': { kind: 'struct', text: '' },
  'sync.Mutex': { kind: 'struct', text: '' },
  'net/http.Request': { kind: 'struct', text: '' },
  'reflect.Value': { kind: 'struct', text: '' },
  'time.Time': { kind: 'struct', text: '' },
};

const parsedResults = new Map<string, GoType[]>();

function results(table: Record<string, string[]>, key: string): GoType[] | undefined {
  let found = parsedResults.get(key);
  if (!found) {
    const specs = table[key];
    if (!specs) return undefined;
    parsedResults.set(key, (found = specs.map(parseSpec)));
  }
  return found;
}

function parseSpec(spec: string): GoType {
  if (spec.startsWith('<-chan ')) {
    const elem = spec === '<-chan struct{}' ? { kind: 'struct' as const, text: 'struct{}' } : stdType(spec.slice(7));
    return { kind: 'chan', elem, text: `<-chan ${elem.text}` };
  }
  return stdType(spec);
}

/** The results of the standard-library function `pkg.name`, when listed. */
export function stdFunctionResults(pkg: string, name: string): GoType[] | undefined {
  return Object.prototype.hasOwnProperty.call(FUNCTIONS, `${pkg}.${name}`) ? results(FUNCTIONS, `${pkg}.${name}`) : undefined;
}

/** The results of the method `name` of the standard-library type `pkg.typeName`, when listed. */
export function stdMethodResults(pkg: string, typeName: string, name: string): GoType[] | undefined {
  const key = `${pkg}.${typeName}.${name}`;
  return Object.prototype.hasOwnProperty.call(METHODS, key) ? results(METHODS, key) : undefined;
}

/** The type of the field `name` of the standard-library struct `pkg.typeName`, when listed. */
export function stdField(pkg: string, typeName: string, name: string): GoType | undefined {
  const fields = FIELDS[`${pkg}.${typeName}`];
  return fields && Object.prototype.hasOwnProperty.call(fields, name) ? stdType(fields[name]) : undefined;
}

/** The underlying type of the standard-library type `pkg.name`, when listed. */
export function stdUnderlying(pkg: string, name: string): GoType | undefined {
  const entry = UNDERLYING[`${pkg}.${name}`];
  return typeof entry === 'function' ? entry() : entry;
}
